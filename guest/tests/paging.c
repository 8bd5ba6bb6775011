/* Sv39 from S mode (and M mode with MPRV): permissions, SUM, MXR, page
 * faults with their stval, A/D bits, superpages, and remapping code or data
 * followed by sfence.vma. */
#include <string.h>
#include "lower_mode.h"

/* The program's own gigapage is identity-mapped (kernel only) so S-mode code,
 * stack and globals work. Test pages are mapped 4 KiB each at TEST_VA. */
#define IDENTITY_GIGAPAGE_VA 0x80000000ull
#define TEST_VA              0x40000000ull
#define MISALIGNED_GIGA_VA   0xc0000000ull
#define NON_CANONICAL_VA     0x0000008000000000ull
#define GIGAPAGE_SHIFT       30

enum test_page {
    PAGE_RW,            /* R W */
    PAGE_READ_ONLY,     /* R */
    PAGE_EXECUTE_ONLY,  /* X, holds code */
    PAGE_USER,          /* R W U */
    PAGE_INVALID,       /* V = 0 */
    PAGE_RESERVED,      /* W without R: reserved encoding */
    PAGE_NOT_ACCESSED,  /* R W, A = D = 0 */
    PAGE_ALIAS,         /* remapped during the test */
    PAGE_CODE,          /* X, remapped to other code during the test */
    PAGE_UNMAPPED,      /* no PTE */
    PAGE_USER_CODE,     /* X U: user_program */
    PAGE_USER_DATA,     /* R W U */
    PAGE_USER_READ_ONLY,/* R U */
    TEST_PAGE_COUNT
};

#define CODE_PAGE_A (TEST_PAGE_COUNT)
#define CODE_PAGE_B (TEST_PAGE_COUNT + 1)
#define PHYSICAL_PAGE_COUNT (TEST_PAGE_COUNT + 2)

static uint64_t root_table[SV39_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t middle_table[SV39_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t leaf_table[SV39_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint8_t pages[PHYSICAL_PAGE_COUNT][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/* paging_asm.S */
extern const char user_program[], user_program_end[];
extern const char user_entry_increment[], user_entry_read_kernel[], user_entry_write_read_only[];
extern const char user_entry_call_kernel[];

#define LI_A0(value)  ((uint32_t)(value) << 20 | 10u << 7 | 0x13u)   /* addi a0, x0, value */
#define ADDI_A0_A0(v) ((uint32_t)(v) << 20 | 10u << 15 | 10u << 7 | 0x13u)
#define RET           0x00008067u

static uint64_t pte_for(const void *physical, uint64_t flags)
{
    return ((uint64_t)(uintptr_t)physical >> PAGE_SHIFT) << PTE_PPN_SHIFT | flags;
}

static uint64_t page_va(enum test_page page)
{
    return TEST_VA + (uint64_t)page * PAGE_SIZE;
}

static void write_code(uint8_t *page, uint32_t first, uint32_t second)
{
    uint32_t code[3] = { first, second, RET };
    memcpy(page, code, sizeof code);
}

static void build_page_tables(void)
{
    const uint64_t kernel = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;
    root_table[IDENTITY_GIGAPAGE_VA >> GIGAPAGE_SHIFT] =
        (IDENTITY_GIGAPAGE_VA >> PAGE_SHIFT) << PTE_PPN_SHIFT | kernel;
    /* A gigapage whose PPN is not 1 GiB aligned: every access faults. */
    root_table[MISALIGNED_GIGA_VA >> GIGAPAGE_SHIFT] =
        ((IDENTITY_GIGAPAGE_VA + PAGE_SIZE) >> PAGE_SHIFT) << PTE_PPN_SHIFT | kernel;
    root_table[TEST_VA >> GIGAPAGE_SHIFT] = pte_for(middle_table, PTE_V);
    middle_table[0] = pte_for(leaf_table, PTE_V);

    const uint64_t accessed = PTE_V | PTE_A | PTE_D;
    leaf_table[PAGE_RW] = pte_for(pages[PAGE_RW], accessed | PTE_R | PTE_W);
    leaf_table[PAGE_READ_ONLY] = pte_for(pages[PAGE_READ_ONLY], accessed | PTE_R);
    leaf_table[PAGE_EXECUTE_ONLY] = pte_for(pages[PAGE_EXECUTE_ONLY], accessed | PTE_X);
    leaf_table[PAGE_USER] = pte_for(pages[PAGE_USER], accessed | PTE_R | PTE_W | PTE_U);
    leaf_table[PAGE_INVALID] = pte_for(pages[PAGE_INVALID], PTE_R | PTE_W);
    leaf_table[PAGE_RESERVED] = pte_for(pages[PAGE_RESERVED], accessed | PTE_W);
    leaf_table[PAGE_NOT_ACCESSED] = pte_for(pages[PAGE_NOT_ACCESSED], PTE_V | PTE_R | PTE_W);
    leaf_table[PAGE_ALIAS] = pte_for(pages[PAGE_RW], accessed | PTE_R | PTE_W);
    leaf_table[PAGE_CODE] = pte_for(pages[CODE_PAGE_A], accessed | PTE_X);
    leaf_table[PAGE_USER_CODE] = pte_for(pages[PAGE_USER_CODE], accessed | PTE_X | PTE_U);
    leaf_table[PAGE_USER_DATA] = pte_for(pages[PAGE_USER_DATA], accessed | PTE_R | PTE_W | PTE_U);
    leaf_table[PAGE_USER_READ_ONLY] = pte_for(pages[PAGE_USER_READ_ONLY], accessed | PTE_R | PTE_U);

    for (unsigned i = 0; i < PHYSICAL_PAGE_COUNT; i++)
        for (unsigned j = 0; j < PAGE_SIZE; j += 8)
            *(uint64_t *)&pages[i][j] = 0x1000ull * i + j;
    write_code(pages[PAGE_EXECUTE_ONLY], ADDI_A0_A0(5), ADDI_A0_A0(5));
    write_code(pages[CODE_PAGE_A], LI_A0(0xa), ADDI_A0_A0(0));
    write_code(pages[CODE_PAGE_B], LI_A0(0xb), ADDI_A0_A0(0));
    memcpy(pages[PAGE_USER_CODE], user_program, (size_t)(user_program_end - user_program));
    __asm__ volatile("fence.i" ::: "memory");
}

/* S-mode accessors: the address arrives as the argument. */
static uint64_t load_at(uint64_t va) { return *(volatile uint64_t *)(uintptr_t)va; }
static uint64_t store_at(uint64_t va) { *(volatile uint64_t *)(uintptr_t)va = 0x5a5a; return 0; }
static uint64_t call_at(uint64_t va) { return ((uint64_t (*)(uint64_t))(uintptr_t)va)(100); }
static uint64_t flush_and_load(uint64_t va)
{
    __asm__ volatile("sfence.vma" ::: "memory");
    return load_at(va);
}
static uint64_t flush_and_call(uint64_t va)
{
    __asm__ volatile("sfence.vma" ::: "memory");
    return call_at(va);
}

static void expect_fault(const char *label, uint64_t cause, uint64_t va)
{
    check(caught.count == 1 && caught.cause == cause && caught.tval == va, label);
}

static void expect_no_fault(const char *label)
{
    check(caught.count == 0, label);
}

static void test_permissions(void)
{
    check_eq("S load RW page", run_lower("load RW", PRIV_S, load_at, page_va(PAGE_RW) + 8),
             0x1000ull * PAGE_RW + 8);
    run_lower("store RW", PRIV_S, store_at, page_va(PAGE_RW));
    expect_no_fault("store RW page");
    check_eq("  stored through the mapping", *(uint64_t *)pages[PAGE_RW], 0x5a5a);

    check_eq("S load read-only page", run_lower("load RO", PRIV_S, load_at, page_va(PAGE_READ_ONLY)),
             0x1000ull * PAGE_READ_ONLY);
    run_lower("store RO", PRIV_S, store_at, page_va(PAGE_READ_ONLY) + 16);
    expect_fault("store to read-only page", CAUSE_STORE_PAGE_FAULT, page_va(PAGE_READ_ONLY) + 16);

    run_lower("load invalid", PRIV_S, load_at, page_va(PAGE_INVALID) + 24);
    expect_fault("load from V=0 page", CAUSE_LOAD_PAGE_FAULT, page_va(PAGE_INVALID) + 24);
    run_lower("load reserved W-only", PRIV_S, load_at, page_va(PAGE_RESERVED));
    expect_fault("load from W-only PTE", CAUSE_LOAD_PAGE_FAULT, page_va(PAGE_RESERVED));
    run_lower("load unmapped", PRIV_S, load_at, TEST_VA + 0x100000);
    expect_fault("load from unmapped VA", CAUSE_LOAD_PAGE_FAULT, TEST_VA + 0x100000);
    run_lower("load non-canonical", PRIV_S, load_at, NON_CANONICAL_VA);
    expect_fault("load from non-canonical VA", CAUSE_LOAD_PAGE_FAULT, NON_CANONICAL_VA);
    run_lower("load misaligned gigapage", PRIV_S, load_at, MISALIGNED_GIGA_VA);
    expect_fault("load through misaligned superpage", CAUSE_LOAD_PAGE_FAULT, MISALIGNED_GIGA_VA);

    /* A misaligned load whose second half is on a page it may not read: the
     * spec allows mtval = the start or the faulting part; print which. */
    uint64_t crossing = page_va(PAGE_CODE) - 4;
    run_lower("load crossing into X-only page", PRIV_S, load_at, crossing);
    printf("  crossing fault tval is %s\n", caught.tval == crossing ? "the start"
           : caught.tval == page_va(PAGE_CODE) ? "the second page" : "other");
    check(caught.count == 1 && caught.cause == CAUSE_LOAD_PAGE_FAULT
          && (caught.tval == crossing || caught.tval == page_va(PAGE_CODE)), "page-crossing load fault");

    run_lower("call RW (no X)", PRIV_S, call_at, page_va(PAGE_RW));
    expect_fault("fetch from non-executable page", CAUSE_FETCH_PAGE_FAULT, page_va(PAGE_RW));
    check_eq("S call execute-only page",
             run_lower("call X-only", PRIV_S, call_at, page_va(PAGE_EXECUTE_ONLY)), 110);
    expect_no_fault("fetch from execute-only page");
}

static void test_sum_and_mxr(void)
{
    run_lower("load U page, SUM=0", PRIV_S, load_at, page_va(PAGE_USER));
    expect_fault("S load from U page without SUM", CAUSE_LOAD_PAGE_FAULT, page_va(PAGE_USER));
    csr_set(mstatus, MSTATUS_SUM);
    check_eq("S load U page with SUM", run_lower("load U page, SUM=1", PRIV_S, load_at,
             page_va(PAGE_USER)), 0x1000ull * PAGE_USER);
    run_lower("call U page, SUM=1", PRIV_S, call_at, page_va(PAGE_USER));
    expect_fault("S fetch from U page even with SUM", CAUSE_FETCH_PAGE_FAULT, page_va(PAGE_USER));
    csr_clear(mstatus, MSTATUS_SUM);

    run_lower("load X-only, MXR=0", PRIV_S, load_at, page_va(PAGE_EXECUTE_ONLY));
    expect_fault("load from X-only page without MXR", CAUSE_LOAD_PAGE_FAULT, page_va(PAGE_EXECUTE_ONLY));
    csr_set(mstatus, MSTATUS_MXR);
    uint64_t first_code_word = run_lower("load X-only, MXR=1", PRIV_S, load_at, page_va(PAGE_EXECUTE_ONLY));
    check_eq("load X-only page with MXR", first_code_word, *(uint64_t *)pages[PAGE_EXECUTE_ONLY]);
    csr_clear(mstatus, MSTATUS_MXR);
}

/* M-mode loads with MPRV = 1 use MPP's privilege and translation. */
static uint64_t load_with_mprv(uint64_t mpp, uint64_t va)
{
    uint64_t value = 0;
    csr_clear(mstatus, MSTATUS_MPP_MASK);
    csr_set(mstatus, mpp << MSTATUS_MPP_SHIFT);
    trap_record_clear();
    __asm__ volatile("csrs mstatus, %2\n ld %0, 0(%1)\n csrc mstatus, %2"
                     : "+r"(value) : "r"(va), "r"(MSTATUS_MPRV) : "memory");
    csr_set(mstatus, MSTATUS_MPP_MASK);
    return value;
}

static void test_mprv(void)
{
    uint64_t value = load_with_mprv(PRIV_S, page_va(PAGE_READ_ONLY) + 8);
    printf("M load with MPRV, MPP=S: value=%llx traps=%llu\n", (unsigned long long)value,
           (unsigned long long)caught.count);
    check(value == 0x1000ull * PAGE_READ_ONLY + 8 && caught.count == 0, "MPRV with MPP=S translates");
    load_with_mprv(PRIV_U, page_va(PAGE_READ_ONLY));
    printf("M load with MPRV, MPP=U from an S page: traps=%llu cause=%llu tval=0x%llx\n",
           (unsigned long long)caught.count, (unsigned long long)caught.cause,
           (unsigned long long)caught.tval);
    expect_fault("MPRV with MPP=U faults on an S page", CAUSE_LOAD_PAGE_FAULT, page_va(PAGE_READ_ONLY));
}

/* The spec allows either a page fault or a hardware A/D update; print which. */
static void test_accessed_dirty(void)
{
    uint64_t va = page_va(PAGE_NOT_ACCESSED);
    run_lower("load A=0 page", PRIV_S, load_at, va);
    uint64_t pte = leaf_table[PAGE_NOT_ACCESSED];
    printf("after load: %s, A=%d D=%d\n", caught.count ? "page fault" : "no fault",
           (pte & PTE_A) != 0, (pte & PTE_D) != 0);
    check((caught.count == 1 && caught.cause == CAUSE_LOAD_PAGE_FAULT)
          || (caught.count == 0 && (pte & PTE_A) && !(pte & PTE_D)), "A on load");
    run_lower("store D=0 page", PRIV_S, store_at, va);
    pte = leaf_table[PAGE_NOT_ACCESSED];
    printf("after store: %s, A=%d D=%d\n", caught.count ? "page fault" : "no fault",
           (pte & PTE_A) != 0, (pte & PTE_D) != 0);
    check((caught.count == 1 && caught.cause == CAUSE_STORE_PAGE_FAULT)
          || (caught.count == 0 && (pte & PTE_A) && (pte & PTE_D)), "A and D on store");
}

static void test_remapping(void)
{
    uint64_t va = page_va(PAGE_ALIAS);
    check_eq("alias reads RW page", run_lower("load alias", PRIV_S, load_at, va + 8),
             0x1000ull * PAGE_RW + 8);
    leaf_table[PAGE_ALIAS] = pte_for(pages[PAGE_READ_ONLY], PTE_V | PTE_A | PTE_D | PTE_R);
    check_eq("alias after remap + sfence.vma",
             run_lower("load alias remapped", PRIV_S, flush_and_load, va + 8),
             0x1000ull * PAGE_READ_ONLY + 8);

    /* Same virtual address, different code: a translator must not run the old block. */
    uint64_t code_va = page_va(PAGE_CODE);
    uint64_t sum = 0;
    for (unsigned i = 0; i < 50; i++)
        sum += run_in_mode(PRIV_S, call_at, code_va);
    check_eq("code page A, 50 runs", sum, 50 * 0xa);
    leaf_table[PAGE_CODE] = pte_for(pages[CODE_PAGE_B], PTE_V | PTE_A | PTE_D | PTE_X);
    check_eq("code page remapped to B", run_lower("call remapped code", PRIV_S, flush_and_call, code_va),
             0xb);

    /* Switching satp off (Bare) and back: the identity-mapped code keeps running. */
    uint64_t satp = csr_read(satp);
    csr_write(satp, 0);
    check_eq("S load with satp=Bare", run_lower("load physical", PRIV_S, load_at,
             (uintptr_t)pages[PAGE_USER]), 0x1000ull * PAGE_USER);
    csr_write(satp, satp);
    __asm__ volatile("sfence.vma" ::: "memory");
}

typedef uint64_t (*lower_fn)(uint64_t);

static lower_fn user_entry(const char *entry)
{
    return (lower_fn)(uintptr_t)(page_va(PAGE_USER_CODE) + (uint64_t)(entry - user_program));
}

/* U mode on its own pages: U may use U pages only, within their permissions. */
static void test_user_mode(void)
{
    uint64_t *data = (uint64_t *)pages[PAGE_USER_DATA];
    data[0] = 41;
    data[2] = page_va(PAGE_RW);
    data[3] = page_va(PAGE_USER_READ_ONLY);
    data[4] = page_va(PAGE_EXECUTE_ONLY);
    uint64_t data_va = page_va(PAGE_USER_DATA);

    check_eq("U increments its data", run_lower("user increment", PRIV_U,
             user_entry(user_entry_increment), data_va), 42);
    check_eq("  stored through the user mapping", data[1], 42);
    run_lower("user reads a kernel page", PRIV_U, user_entry(user_entry_read_kernel), data_va);
    check(caught.count == 1 && caught.cause == CAUSE_LOAD_PAGE_FAULT && trap_from_mode == PRIV_U
          && caught.tval == page_va(PAGE_RW), "U load from an S page faults");
    run_lower("user writes a read-only page", PRIV_U, user_entry(user_entry_write_read_only), data_va);
    check(caught.count == 1 && caught.cause == CAUSE_STORE_PAGE_FAULT && trap_from_mode == PRIV_U
          && caught.tval == page_va(PAGE_USER_READ_ONLY), "U store to a read-only U page faults");
    run_lower("user calls kernel code", PRIV_U, user_entry(user_entry_call_kernel), data_va);
    check(caught.count == 1 && caught.cause == CAUSE_FETCH_PAGE_FAULT && trap_from_mode == PRIV_U
          && caught.tval == page_va(PAGE_EXECUTE_ONLY), "U fetch from an S page faults");
}

int main(void)
{
    printf("paging test\n");
    lower_mode_setup();
    build_page_tables();
    csr_write(satp, SATP_MODE_SV39 | (uint64_t)(uintptr_t)root_table >> PAGE_SHIFT);
    __asm__ volatile("sfence.vma" ::: "memory");
    check_eq("satp mode reads Sv39", csr_read(satp) >> 60, 8);
    test_permissions();
    test_sum_and_mxr();
    test_mprv();
    test_accessed_dirty();
    test_remapping();
    test_user_mode();
    csr_write(satp, 0);
    return test_finish();
}
