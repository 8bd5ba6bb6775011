/* Kernel-side checks of the user-copy routines and of the address spaces,
 * run against the processes' tables before they start. */
#include <stdio.h>
#include <string.h>
#include "kernel.h"
#include "usercopy.h"

extern const uint8_t alpha_image[], beta_image[];

#define STATS_COPY_BYTES  (64 * 1024)
#define STATS_ROUNDS      16
#define KIB               1024

static uint8_t kbuffer[STATS_COPY_BYTES] __attribute__((aligned(16)));
static uint8_t kcheckbuf[STATS_COPY_BYTES] __attribute__((aligned(16)));
/* A kernel global the tests pass as a "user" pointer; must stay unchanged. */
static volatile uint64_t kernel_secret = 0x5ec7e75ec7e75ec7ul;
static volatile uint64_t kernel_sentinel = 0x600dcafe600dcafeul;

static void fill_pattern(uint8_t *buf, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        buf[i] = (uint8_t)(i * 13 + seed);
}

static void check_round_trip(const char *what, uint64_t uaddr, size_t n, unsigned seed)
{
    fill_pattern(kbuffer, n, seed);
    memset(kcheckbuf, 0, n);
    long to = user_memcpy_to(uaddr, kbuffer, n);
    long from = user_memcpy_from(kcheckbuf, uaddr, n);
    kcheck(to == 0 && from == 0 && memcmp(kbuffer, kcheckbuf, n) == 0, what);
}

static void test_valid_copies(void)
{
    check_round_trip("copy within a page", USER_SCRATCH + 100, 32, 1);
    check_round_trip("copy crossing a page boundary", USER_SCRATCH + PAGE_SIZE - 13, 64, 2);
    check_round_trip("copy of three pages at an odd offset", USER_SCRATCH + 3, 3 * PAGE_SIZE + 5, 3);
    check_round_trip("aligned copy of four pages", USER_SCRATCH, 4 * PAGE_SIZE, 4);
    /* memset across a boundary, neighbours untouched. */
    uint64_t at = USER_SCRATCH + 2 * PAGE_SIZE - 9;
    long r0 = user_memset(at - 1, 0x11, 1);
    long r1 = user_memset(at + 40, 0x22, 1);
    long r2 = user_memset(at, 0xc3, 40);
    int ok = r0 == 0 && r1 == 0 && r2 == 0 && user_memcpy_from(kcheckbuf, at - 1, 42) == 0;
    for (int i = 1; i <= 40; i++)
        ok &= kcheckbuf[i] == 0xc3;
    kcheck(ok && kcheckbuf[0] == 0x11 && kcheckbuf[41] == 0x22, "memset crossing a page boundary");

    /* Strings: across a boundary, exact fit, truncation. */
    const char text[] = "straddling";
    uint64_t s = USER_SCRATCH + 3 * PAGE_SIZE - 5;
    char name[PROC_NAME_SIZE];
    user_memcpy_to(s, text, sizeof text);
    kcheck(user_strlcpy(name, s, sizeof name) == 10 && strcmp(name, text) == 0,
           "strlcpy crossing a page boundary");
    kcheck(user_strlcpy(name, s, 11) == 10 && strcmp(name, text) == 0, "strlcpy exact fit");
    kcheck(user_strlcpy(name, s, 5) == -ENAMETOOLONG && strcmp(name, "stra") == 0,
           "strlcpy truncates with ENAMETOOLONG");
    kcheck(user_memcpy_to(USER_SCRATCH, text, 0) == 0, "zero-length copy");
}

static int all_efault(uint64_t uaddr, size_t n)
{
    char name[PROC_NAME_SIZE];
    return user_memcpy_to(uaddr, kbuffer, n) == -EFAULT &&
           user_memcpy_from(kcheckbuf, uaddr, n) == -EFAULT &&
           user_memset(uaddr, 0, n) == -EFAULT &&
           user_strlcpy(name, uaddr, sizeof name) == -EFAULT;
}

static void test_bad_pointers(void)
{
    uint64_t secret_before = kernel_secret;
    {
        kcheck(all_efault(USER_UNMAPPED, 16), "unmapped pointer is EFAULT");
        kcheck(user_memcpy_to(USER_DATA_END - 8, kbuffer, 16) == -EFAULT &&
               user_memcpy_from(kcheckbuf, USER_DATA_END - 8, 16) == -EFAULT &&
               user_memset(USER_DATA_END - 8, 0, 16) == -EFAULT,
               "range running into an unmapped page is EFAULT");
        kcheck(all_efault((uint64_t)(uintptr_t)&kernel_secret, 8), "kernel address as user pointer is EFAULT");
        kcheck(all_efault(DIRECT_MAP_BASE, 8), "direct-map address as user pointer is EFAULT");
        kcheck(all_efault(USER_VA_END, 8), "first address above the user half is EFAULT");
        kcheck(user_memcpy_to(USER_VA_END - 8, kbuffer, 16) == -EFAULT &&
               user_memcpy_to(~0ul - 7, kbuffer, 16) == -EFAULT,
               "ranges leaving the user half or wrapping are EFAULT");
        kcheck(kernel_secret == secret_before, "kernel global untouched");
        kcheck(user_memcpy_to(USER_RO_BASE, kbuffer, 8) == -EFAULT &&
               user_memset(USER_RO_BASE + 100, 0, 8) == -EFAULT,
               "read-only page as write target is EFAULT");
        kcheck(user_memcpy_to(USER_TEXT_BASE, kbuffer, 8) == -EFAULT, "text page as write target is EFAULT");
        int ro_ok = user_memcpy_from(kcheckbuf, USER_RO_BASE + PAGE_SIZE - 16, 16) == 0;
        for (unsigned i = 0; i < 16; i++)
            ro_ok &= kcheckbuf[i] == USER_RO_BYTE(PAGE_SIZE - 16 + i);
        kcheck(ro_ok, "read-only page reads fine");
    }
}

/* With SUM clear a kernel access to a user page faults; with SUM set it
 * works; S mode never executes a user page, SUM or not. */
static void test_sum_and_execute(void)
{
    const uint64_t user_va = USER_SCRATCH + 64;
    uint64_t value = 0;
    {
        user_memcpy_to(user_va, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
        csr_clear(sstatus, SSTATUS_SUM);
        last_fault.count = 0;
        long r = probe_load_u64(user_va, &value);
        kcheck(r == -EFAULT && last_fault.count == 1 && last_fault.cause == CAUSE_LOAD_PAGE_FAULT &&
               last_fault.tval == user_va, "SUM=0: load from a user page faults (scause 13)");
        last_fault.count = 0;
        r = probe_store_u64(user_va, 0);
        kcheck(r == -EFAULT && last_fault.count == 1 && last_fault.cause == CAUSE_STORE_PAGE_FAULT &&
               last_fault.tval == user_va, "SUM=0: store to a user page faults (scause 15)");

        csr_set(sstatus, SSTATUS_SUM);
        last_fault.count = 0;
        r = probe_load_u64(user_va, &value);
        csr_clear(sstatus, SSTATUS_SUM);
        kcheck(r == 0 && last_fault.count == 0 && value == 0x8877665544332211ul,
               "SUM=1: load from a user page works");

        for (int sum = 0; sum < 2; sum++) {
            if (sum)
                csr_set(sstatus, SSTATUS_SUM);
            last_fault.count = 0;
            r = probe_execute(USER_TEXT_BASE);
            csr_clear(sstatus, SSTATUS_SUM);
            kcheck(r == -EFAULT && last_fault.count == 1 && last_fault.cause == CAUSE_FETCH_PAGE_FAULT &&
                   last_fault.tval == USER_TEXT_BASE,
                   sum ? "SUM=1: S-mode jump to a user page faults (scause 12)"
                       : "SUM=0: S-mode jump to a user page faults (scause 12)");
        }
    }
}

/* The kernel's own mappings: text not writable, data not executable, and
 * the direct map reaching the same memory as the image mapping. */
extern char __text_start[], __rodata_start[];

static void test_kernel_mappings(void)
{
    uint64_t text = (uint64_t)(uintptr_t)__text_start;
    uint64_t rodata = (uint64_t)(uintptr_t)__rodata_start;
    uint64_t data = (uint64_t)(uintptr_t)&kernel_sentinel;
    uint64_t value = 0;
    last_fault.count = 0;
    long r = probe_store_u64(text, 0);
    kcheck(r == -EFAULT && last_fault.cause == CAUSE_STORE_PAGE_FAULT && last_fault.tval == text,
           "kernel text is not writable");
    last_fault.count = 0;
    r = probe_store_u64(rodata, 0);
    kcheck(r == -EFAULT && last_fault.cause == CAUSE_STORE_PAGE_FAULT, "kernel rodata is not writable");
    last_fault.count = 0;
    r = probe_execute(data);
    kcheck(r == -EFAULT && last_fault.cause == CAUSE_FETCH_PAGE_FAULT && last_fault.tval == data,
           "kernel data is not executable");
    r = probe_load_u64((uint64_t)(uintptr_t)pa_to_direct(kernel_va_to_pa((const void *)data)), &value);
    kcheck(r == 0 && value == kernel_sentinel, "direct map shows the kernel's data");
}

static uint64_t sentinel_after_switch(struct process *p)
{
    vm_switch(p->root);
    return kernel_sentinel;
}

static void test_address_spaces(void)
{
    struct process *a = &processes[0], *b = &processes[1];
    uint8_t text_a[16], text_b[16];
    const uint64_t marker_a = 0xaaaa0000aaaa0000ul, marker_b = 0xbbbb0000bbbb0000ul;
    {
        vm_switch(a->root);
        int ok = user_memcpy_from(text_a, USER_TEXT_BASE, sizeof text_a) == 0 &&
                 user_memcpy_to(USER_MARKER_VA, &marker_a, 8) == 0;
        vm_switch(b->root);
        ok &= user_memcpy_from(text_b, USER_TEXT_BASE, sizeof text_b) == 0 &&
              user_memcpy_to(USER_MARKER_VA, &marker_b, 8) == 0;
        kcheck(ok && memcmp(text_a, alpha_image, sizeof text_a) == 0 &&
               memcmp(text_b, beta_image, sizeof text_b) == 0 &&
               memcmp(text_a, text_b, sizeof text_a) != 0,
               "same text VA shows each process its own program");
        uint64_t seen_a = 0, seen_b = 0;
        vm_switch(a->root);
        user_memcpy_from(&seen_a, USER_MARKER_VA, 8);
        vm_switch(b->root);
        user_memcpy_from(&seen_b, USER_MARKER_VA, 8);
        kcheck(seen_a == marker_a && seen_b == marker_b, "same data VA, different contents per process");
    }
    int shared = 1;
    for (unsigned i = KERNEL_HALF_FIRST_ROOT_INDEX; i < SV39_ENTRIES; i++)
        shared &= a->root[i] == kernel_root[i] && b->root[i] == kernel_root[i];
    kcheck(shared, "every root shares the kernel half's level-1 tables");
    volatile uint64_t *where = &kernel_sentinel;
    uint64_t before = *where;
    uint64_t in_a = sentinel_after_switch(a);
    uint64_t in_b = sentinel_after_switch(b);
    kcheck(before == in_a && in_a == in_b && where == &kernel_sentinel,
           "kernel code and globals unchanged across satp switches");
    /* Clear the markers so the processes start from zero. */
    uint64_t zero = 0;
    user_memcpy_to(USER_MARKER_VA, &zero, 8);
    vm_switch(a->root);
    user_memcpy_to(USER_MARKER_VA, &zero, 8);
}

static uint64_t rdinstret(void)
{
    uint64_t v;
    __asm__ volatile("rdinstret %0" : "=r"(v));
    return v;
}

/* Instructions per KiB for STATS_ROUNDS copies of 64 KiB each way. Printed
 * on stats: lines only: QEMU's instret is not exact. */
static void measure_copy_cost(void)
{
    vm_switch(processes[0].root);
    fill_pattern(kbuffer, STATS_COPY_BYTES, 5);
    const uint64_t kib = (uint64_t)STATS_ROUNDS * STATS_COPY_BYTES / KIB;
    int ok = 1;
    uint64_t start = rdinstret();
    for (int round = 0; round < STATS_ROUNDS; round++)
        ok &= user_memcpy_to(USER_SCRATCH, kbuffer, STATS_COPY_BYTES) == 0;
    uint64_t to_user = rdinstret() - start;
    start = rdinstret();
    for (int round = 0; round < STATS_ROUNDS; round++)
        ok &= user_memcpy_from(kcheckbuf, USER_SCRATCH, STATS_COPY_BYTES) == 0;
    uint64_t from_user = rdinstret() - start;
    start = rdinstret();
    for (int round = 0; round < STATS_ROUNDS; round++)
        ok &= user_memset(USER_SCRATCH, round, STATS_COPY_BYTES) == 0;
    uint64_t set_user = rdinstret() - start;
    kcheck(ok && memcmp(kbuffer, kcheckbuf, STATS_COPY_BYTES) == 0, "64 KiB copy loops succeed");
    printf("stats: %s user_memcpy_to %llu instret/KiB\n", usercopy_approach,
           (unsigned long long)(to_user / kib));
    printf("stats: %s user_memcpy_from %llu instret/KiB\n", usercopy_approach,
           (unsigned long long)(from_user / kib));
    printf("stats: %s user_memset %llu instret/KiB\n", usercopy_approach,
           (unsigned long long)(set_user / kib));
    printf("stats: %s usercopy_bytes %llu\n", usercopy_approach, (unsigned long long)usercopy_bytes);
}

/* Every check runs twice: the second pass finds the translations in the TLB. */
void kernel_self_tests(void)
{
    for (int pass = 1; pass <= 2; pass++) {
        printf("kernel: self-test pass %d\n", pass);
        vm_switch(processes[0].root);
        test_kernel_mappings();
        test_valid_copies();
        test_bad_pointers();
        test_sum_and_execute();
        test_address_spaces();
    }
    measure_copy_cost();
    vm_switch(processes[0].root);
}
