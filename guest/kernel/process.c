/* Two user processes, each with its own root table, switched round-robin at
 * yield and exit. */
#include <string.h>
#include <stdio.h>
#include "kernel.h"

struct process processes[PROCESS_COUNT];
struct process *current;

static void map_fresh_pages(struct process *p, uint64_t va, uint64_t end, uint64_t perms)
{
    for (; va < end; va += PAGE_SIZE)
        vm_map_user_page(p->root, va, vm_alloc_page(), perms);
}

/* The image is the program's flat binary starting at USER_TEXT_BASE. */
void process_create(struct process *p, const char *label, const uint8_t *image, size_t image_size)
{
    p->label = label;
    p->root = vm_new_root();
    for (uint64_t offset = 0; offset < USER_DATA_END - USER_TEXT_BASE; offset += PAGE_SIZE) {
        uint64_t va = USER_TEXT_BASE + offset;
        if (va < USER_DATA_BASE && offset >= image_size)
            continue;   /* text pages only as far as the image goes */
        uint8_t *page = vm_alloc_page();
        if (offset < image_size) {
            size_t n = image_size - offset < PAGE_SIZE ? image_size - offset : PAGE_SIZE;
            memcpy(page, image + offset, n);
        }
        vm_map_user_page(p->root, va, page, va < USER_DATA_BASE ? PTE_R | PTE_X : PTE_R | PTE_W);
    }
    uint8_t *ro = vm_alloc_page();
    for (unsigned i = 0; i < PAGE_SIZE; i++)
        ro[i] = USER_RO_BYTE(i);
    vm_map_user_page(p->root, USER_RO_BASE, ro, PTE_R);
    map_fresh_pages(p, USER_STACK_TOP - USER_STACK_SIZE, USER_STACK_TOP, PTE_R | PTE_W);

    memset(&p->frame, 0, sizeof p->frame);
    p->frame.sepc = USER_TEXT_BASE;
    p->frame.x[REG_SP] = USER_STACK_TOP;
    strcpy(p->name, label);
}

static struct ktrap_frame *switch_to(struct process *p)
{
    current = p;
    vm_switch(p->root);
    return &p->frame;
}

void scheduler_start(void)
{
    printf("kernel: starting %d processes\n", PROCESS_COUNT);
    /* sret to U. SIE stays 0, so the kernel itself is never interrupted;
     * with STIE set, a timer interrupt is taken whenever a process runs. */
    __asm__ volatile("csrc sstatus, %0" :: "r"(SSTATUS_SPP | SSTATUS_SPIE | SSTATUS_SUM | SSTATUS_SIE));
    csr_set(sie, MIP_STIP);
    user_return(switch_to(&processes[0]));
}

static struct process *next_runnable(void)
{
    unsigned index = (unsigned)(current - processes);
    for (unsigned step = 1; step <= PROCESS_COUNT; step++) {
        struct process *p = &processes[(index + step) % PROCESS_COUNT];
        if (!p->exited)
            return p;
    }
    return NULL;
}

struct ktrap_frame *scheduler_yield(void)
{
    return switch_to(next_runnable());
}

struct ktrap_frame *scheduler_exit(long code)
{
    current->exited = 1;
    current->exit_code = code;
    printf("kernel: %s exited with %ld\n", current->label, code);
    kcheck(code == 0, current->label);
    struct process *next = next_runnable();
    if (!next) {
        vm_switch(kernel_root);
        kernel_finish();
    }
    return switch_to(next);
}
