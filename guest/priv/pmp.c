/* PMP: TOR, NA4 and NAPOT regions, entry priority, partial matches, the
 * deny-by-default rule for S and U (M is allowed where no entry matches), PMP
 * on the page-table walk, and a locked entry that binds M too. S and U run
 * under Bare and Sv39. */
#include <stdio.h>
#include "privlib.h"

#define PASSES 2
#define HALF_PAGE (PAGE_SIZE / 2)
#define NA4_OFFSET PRIV_PAGE_DATA_OFFSET         /* the NA4 word */
#define NA4_NEIGHBOUR (NA4_OFFSET + 4)
#define LOCKED_ENTRY 7
#define TEST_ENTRIES 4                            /* entries 0..3 are rewritten freely */
/* A RAM address outside OPEN_REGION, and OPEN_REGION itself: a NAPOT region
 * holding the image, stack and tables. */
#define OPEN_REGION_SIZE (64ul << 20)
#define OUTSIDE_ADDRESS (VIRT_RAM_BASE + OPEN_REGION_SIZE)

static uint64_t napot(uint64_t base, uint64_t size)
{
    return (base >> PMP_ADDR_SHIFT) | ((size >> (PMP_ADDR_SHIFT + 1)) - 1);
}

static void clear_test_entries(void)
{
    for (int e = 0; e < TEST_ENTRIES; e++)
        pmp_set(e, 0, PMP_A_OFF);
}

/* The page the actor uses: a user page for U, a supervisor page otherwise
 * (both RWX in the page tables, so only PMP decides). */
static uint64_t region_page(int mode)
{
    return test_page(mode == PRIV_U ? PAGE_U_RWX : PAGE_S_RWX);
}

/* A page below region_page that the actor may also use. */
static uint64_t other_page(int mode)
{
    return test_page(mode == PRIV_U ? PAGE_U_RW : PAGE_S_RW);
}

static char label[160];
static const char *name(int pass, enum paging paging, int mode, const char *what)
{
    snprintf(label, sizeof label, "pass %d %s %s: %s", pass + 1, mode == PRIV_M ? "-" : paging_name(paging),
             mode_name(mode), what);
    return label;
}

/* Runs the probe and checks: no trap, or one access fault `cause` into M. */
static void expect(int pass, enum paging paging, int mode, const struct probe *p, uint64_t address,
                   uint64_t fault_cause, const char *what)
{
    trap_log_clear();
    run_probe(mode, p, address, 0);
    const char *n = name(pass, paging, mode, what);
    if (!fault_cause) {
        expect_no_trap(n);
        return;
    }
    int ok = trap_log.count == 1 && trap_log.cause == fault_cause && trap_log.handler_mode == PRIV_M &&
             trap_log.tval == address;
    if (!ok)
        printf("  traps=%llu cause=%llu\n", (unsigned long long)trap_log.count,
               (unsigned long long)trap_log.cause);
    pcheck(ok, n);
}

static void test_tor(int pass, enum paging paging, int mode)
{
    uint64_t page = region_page(mode);
    int lower = mode != PRIV_M;
    clear_test_entries();
    pmp_set(0, page >> PMP_ADDR_SHIFT, PMP_A_OFF);
    pmp_set(1, (page + HALF_PAGE) >> PMP_ADDR_SHIFT, PMP_A_TOR | PMP_R);
    expect(pass, paging, mode, &probe_load, page + PRIV_PAGE_DATA_OFFSET, 0, "TOR R: load allowed");
    expect(pass, paging, mode, &probe_store, page + PRIV_PAGE_STORE_OFFSET, lower ? CAUSE_STORE_ACCESS : 0,
           lower ? "TOR R: store denied" : "TOR R: store allowed (entry not locked)");
    expect(pass, paging, mode, &probe_fetch, page, lower ? CAUSE_FETCH_ACCESS : 0,
           lower ? "TOR R: fetch denied" : "TOR R: fetch allowed (entry not locked)");
    expect(pass, paging, mode, &probe_store, page + HALF_PAGE, 0, "TOR top is exclusive: store above allowed");
    expect(pass, paging, mode, &probe_store, other_page(mode) + PRIV_PAGE_STORE_OFFSET, 0,
           "TOR bottom: store below allowed");
}

static void test_na4(int pass, enum paging paging, int mode)
{
    uint64_t page = region_page(mode);
    int lower = mode != PRIV_M;
    clear_test_entries();
    pmp_set(0, (page + NA4_OFFSET) >> PMP_ADDR_SHIFT, PMP_A_NA4);
    expect(pass, paging, mode, &probe_load_word, page + NA4_OFFSET, lower ? CAUSE_LOAD_ACCESS : 0,
           lower ? "NA4 none: word load denied" : "NA4 none: word load allowed (not locked)");
    expect(pass, paging, mode, &probe_load_word, page + NA4_NEIGHBOUR, 0, "NA4: next word allowed");
    expect(pass, paging, mode, &probe_load, page + NA4_OFFSET, CAUSE_LOAD_ACCESS,
           "NA4: 8-byte load matching only partly fails, whatever the mode");
    /* Entry 0 touches only the upper half of the access: it decides, and
     * it does not cover the access, even though it grants everything. */
    pmp_set(0, (page + NA4_OFFSET) >> PMP_ADDR_SHIFT, PMP_A_NA4 | PMP_R | PMP_W | PMP_X);
    expect(pass, paging, mode, &probe_load, page + NA4_OFFSET - 4, CAUSE_LOAD_ACCESS,
           "NA4 RWX: 8-byte load ending in it (starting below) fails, whatever the mode");
    expect(pass, paging, mode, &probe_load_word, page + NA4_OFFSET, 0, "NA4 RWX: word load inside allowed");
}

static void test_napot_and_priority(int pass, enum paging paging, int mode)
{
    uint64_t page = region_page(mode);
    int lower = mode != PRIV_M;
    clear_test_entries();
    pmp_set(0, napot(page, PAGE_SIZE), PMP_A_NAPOT | PMP_X);
    expect(pass, paging, mode, &probe_load, page + PRIV_PAGE_DATA_OFFSET, lower ? CAUSE_LOAD_ACCESS : 0,
           lower ? "NAPOT X: load denied" : "NAPOT X: load allowed (not locked)");
    expect(pass, paging, mode, &probe_store, page + PRIV_PAGE_STORE_OFFSET, lower ? CAUSE_STORE_ACCESS : 0,
           lower ? "NAPOT X: store denied" : "NAPOT X: store allowed (not locked)");
    expect(pass, paging, mode, &probe_fetch, page, 0, "NAPOT X: fetch allowed");
    expect(pass, paging, mode, &probe_load, other_page(mode) + PRIV_PAGE_DATA_OFFSET, 0,
           "NAPOT: outside the region allowed");

    pmp_set(1, napot(page, PAGE_SIZE), PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
    pmp_set(0, napot(page, PAGE_SIZE), PMP_A_NAPOT);
    expect(pass, paging, mode, &probe_load, page + PRIV_PAGE_DATA_OFFSET, lower ? CAUSE_LOAD_ACCESS : 0,
           "priority: entry 0 (no access) beats entry 1 (RWX)");
    pmp_set(0, napot(page, PAGE_SIZE), PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
    pmp_set(1, napot(page, PAGE_SIZE), PMP_A_NAPOT);
    expect(pass, paging, mode, &probe_load, page + PRIV_PAGE_DATA_OFFSET, 0,
           "priority: entry 0 (RWX) beats entry 1 (no access)");
}

/* Without the background entry, S/U accesses that match nothing fail; M's succeed. */
static void test_no_match(int pass, enum paging paging, int mode)
{
    clear_test_entries();
    pmp_set(0, napot(VIRT_RAM_BASE, OPEN_REGION_SIZE), PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
    pmp_set(PMP_BACKGROUND_ENTRY, 0, PMP_A_OFF);
    expect(pass, paging, mode, &probe_load, OUTSIDE_ADDRESS, mode == PRIV_M ? 0 : CAUSE_LOAD_ACCESS,
           mode == PRIV_M ? "no matching entry: M load allowed" : "no matching entry: load denied");
    expect(pass, paging, mode, &probe_load, region_page(mode) + PRIV_PAGE_DATA_OFFSET, 0,
           "inside the open region: load allowed");
    pmp_set(PMP_BACKGROUND_ENTRY, PMP_ADDR_ALL, PMP_A_NAPOT | PMP_R | PMP_W | PMP_X);
    clear_test_entries();
}

/* The page-table walk is checked too: with the alias mapping's level-0 table
 * denied, an access through it is an access fault of its own kind (not a
 * page fault), tval = the virtual address. */
static void test_walk_checked(int pass, int mode)
{
    uint64_t va = alias_address(mode);
    clear_test_entries();
    expect(pass, PAGING_SV39, mode, &probe_load, va + PRIV_PAGE_DATA_OFFSET, 0, "alias mapping: load allowed");
    pmp_set(0, napot(alias_leaf_table(), PAGE_SIZE), PMP_A_NAPOT);
    expect(pass, PAGING_SV39, mode, &probe_load, va + PRIV_PAGE_DATA_OFFSET, CAUSE_LOAD_ACCESS,
           "page table denied by PMP: load access fault");
    expect(pass, PAGING_SV39, mode, &probe_store, va + PRIV_PAGE_STORE_OFFSET, CAUSE_STORE_ACCESS,
           "page table denied by PMP: store access fault");
    expect(pass, PAGING_SV39, mode, &probe_fetch, va, CAUSE_FETCH_ACCESS,
           "page table denied by PMP: fetch access fault");
    clear_test_entries();
}

/* Locked entry LOCKED_ENTRY: R only on a page no other check here uses, binding M as well,
 * and its registers ignore writes. Set once; stays until reset. */
static void test_locked(int pass)
{
    uint64_t page = test_page(PAGE_S_RX);
    uint64_t address = napot(page, PAGE_SIZE);
    uint8_t cfg = PMP_A_NAPOT | PMP_R | PMP_L;
    pmp_set(LOCKED_ENTRY, address, cfg);
    pmp_set(LOCKED_ENTRY, 0, PMP_A_OFF);
    pcheck(pmp_get_cfg(LOCKED_ENTRY) == cfg && pmp_get_addr(LOCKED_ENTRY) == address,
           name(pass, PAGING_BARE, PRIV_M, "locked entry ignores writes"));
    expect(pass, PAGING_BARE, PRIV_M, &probe_load, page + PRIV_PAGE_DATA_OFFSET, 0, "locked R: load allowed");
    expect(pass, PAGING_BARE, PRIV_M, &probe_store, page + PRIV_PAGE_STORE_OFFSET, CAUSE_STORE_ACCESS,
           "locked R: store denied to M");
    expect(pass, PAGING_BARE, PRIV_M, &probe_fetch, page, CAUSE_FETCH_ACCESS, "locked R: fetch denied to M");
    expect(pass, PAGING_BARE, PRIV_S, &probe_store, page + PRIV_PAGE_STORE_OFFSET, CAUSE_STORE_ACCESS,
           "locked R: store denied");
}

int main(void)
{
    priv_init();
    static const int modes[] = { PRIV_U, PRIV_S, PRIV_M };
    for (int pass = 0; pass < PASSES; pass++) {
        for (int paging = 0; paging < PAGING_MODES; paging++) {
            set_paging(paging);
            for (int m = 0; m < 3; m++) {
                if (modes[m] == PRIV_M && paging == PAGING_SV39)
                    continue;   /* M ignores satp */
                test_tor(pass, paging, modes[m]);
                test_na4(pass, paging, modes[m]);
                test_napot_and_priority(pass, paging, modes[m]);
                if (!(modes[m] == PRIV_U && paging == PAGING_SV39))
                    test_no_match(pass, paging, modes[m]);   /* U cannot map OUTSIDE_ADDRESS */
                if (paging == PAGING_SV39)
                    test_walk_checked(pass, modes[m]);
            }
        }
        set_paging(PAGING_BARE);
        clear_test_entries();
        test_locked(pass);
    }
    return test_finish();
}
