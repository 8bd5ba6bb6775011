/* Sv39 page tables. The kernel half (root entries 256..511) points at level-1
 * tables allocated once at boot; every process root copies those entries, so
 * kernel mappings are identical in all address spaces. */
#include <string.h>
#include "kernel.h"

/* Linker-script symbols (kernel.ld), all kernel-image virtual addresses. */
extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __kernel_end[];

#define PAGE_POOL_PAGES 128
static uint8_t page_pool[PAGE_POOL_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned pages_used;

pte_t *kernel_root;
pte_t *current_root;

void *vm_alloc_page(void)
{
    if (pages_used == PAGE_POOL_PAGES) {
        kcheck(0, "page pool exhausted");
        kernel_finish();
    }
    void *page = page_pool[pages_used++];
    memset(page, 0, PAGE_SIZE);
    return page;
}

static pte_t pte_for_pa(uint64_t pa, uint64_t flags)
{
    return (pa >> PAGE_SHIFT) << PTE_PPN_SHIFT | flags;
}

static uint64_t pte_pa(pte_t pte)
{
    return (pte >> PTE_PPN_SHIFT) << PAGE_SHIFT;
}

static unsigned vpn_index(uint64_t va, int level)
{
    return (va >> (PAGE_SHIFT + level * SV39_LEVEL_BITS)) & (SV39_ENTRIES - 1);
}

static int is_leaf(pte_t pte)
{
    return (pte & (PTE_R | PTE_W | PTE_X)) != 0;
}

/* The level-0 entry for va, creating intermediate tables (kernel-image pages). */
static pte_t *walk_create(pte_t *root, uint64_t va)
{
    pte_t *table = root;
    for (int level = SV39_LEVELS - 1; level > 0; level--) {
        pte_t *entry = &table[vpn_index(va, level)];
        if (!(*entry & PTE_V))
            *entry = pte_for_pa(kernel_va_to_pa(vm_alloc_page()), PTE_V);
        table = pa_to_direct(pte_pa(*entry));
    }
    return &table[vpn_index(va, 0)];
}

pte_t *vm_walk(pte_t *root, uint64_t va)
{
    pte_t *table = root;
    for (int level = SV39_LEVELS - 1; level >= 0; level--) {
        pte_t *entry = &table[vpn_index(va, level)];
        if (!(*entry & PTE_V))
            return NULL;
        if (is_leaf(*entry))
            return entry;
        table = pa_to_direct(pte_pa(*entry));
    }
    return NULL;
}

void vm_map_user_page(pte_t *root, uint64_t va, void *page, uint64_t perms)
{
    *walk_create(root, va) = pte_for_pa(kernel_va_to_pa(page), perms | PTE_V | PTE_U | PTE_A |
                                        ((perms & PTE_W) ? PTE_D : 0));
}

void vm_switch(pte_t *root)
{
    current_root = root;
    uint64_t satp = SATP_MODE_SV39 | kernel_va_to_pa(root) >> PAGE_SHIFT;
    __asm__ volatile("csrw satp, %0\n\tsfence.vma" :: "r"(satp) : "memory");
}

void vm_init(void)
{
    /* Runs on the boot gigapages: tables are written through the image mapping. */
    kernel_root = (pte_t *)page_pool[pages_used++];
    memset(kernel_root, 0, PAGE_SIZE);
    const uint64_t global = PTE_V | PTE_G | PTE_A;

    /* Direct map: 2 MiB leaves in one preallocated level-1 table. */
    pte_t *direct_l1 = (pte_t *)page_pool[pages_used++];
    memset(direct_l1, 0, PAGE_SIZE);
    for (uint64_t offset = 0; offset < DIRECT_MAP_SIZE; offset += MEGAPAGE_SIZE)
        direct_l1[vpn_index(DIRECT_MAP_BASE + offset, 1)] =
            pte_for_pa(VIRT_RAM_BASE + offset, global | PTE_R | PTE_W | PTE_D);
    kernel_root[vpn_index(DIRECT_MAP_BASE, 2)] = pte_for_pa(kernel_va_to_pa(direct_l1), PTE_V);

    /* Kernel image: 4 KiB pages so text, rodata and data get their own
     * permissions. These tables too come straight from the pool: walk_create
     * reaches tables through the direct map, which is not live yet. */
    pte_t *image_l1 = (pte_t *)page_pool[pages_used++];
    pte_t *image_l0 = (pte_t *)page_pool[pages_used++];
    memset(image_l1, 0, PAGE_SIZE);
    memset(image_l0, 0, PAGE_SIZE);
    kernel_root[vpn_index(KERNEL_VIRT_BASE, 2)] = pte_for_pa(kernel_va_to_pa(image_l1), PTE_V);
    image_l1[vpn_index(KERNEL_VIRT_BASE, 1)] = pte_for_pa(kernel_va_to_pa(image_l0), PTE_V);
    struct { const char *start, *end; uint64_t flags; } ranges[] = {
        { __text_start, __text_end, global | PTE_R | PTE_X },
        { __rodata_start, __rodata_end, global | PTE_R },
        { __data_start, __kernel_end, global | PTE_R | PTE_W | PTE_D },
    };
    for (unsigned r = 0; r < sizeof ranges / sizeof ranges[0]; r++)
        for (const char *va = ranges[r].start; va < ranges[r].end; va += PAGE_SIZE)
            image_l0[vpn_index((uint64_t)(uintptr_t)va, 0)] =
                pte_for_pa(kernel_va_to_pa(va), ranges[r].flags);
    vm_switch(kernel_root);
}

pte_t *vm_new_root(void)
{
    pte_t *root = vm_alloc_page();
    for (unsigned i = KERNEL_HALF_FIRST_ROOT_INDEX; i < SV39_ENTRIES; i++)
        root[i] = kernel_root[i];
    return root;
}
