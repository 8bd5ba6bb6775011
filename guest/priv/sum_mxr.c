/* Every SUM/MXR combination for loads, stores and fetches from U, S, and M
 * (plain, and with MPRV and MPP = M, S or U) on pages of every permission,
 * under Bare and Sv39, each twice so the second pass runs from the TLB. The
 * expected outcome comes from a small model of the spec's rules. */
#include <stdio.h>
#include "privlib.h"

#define PASSES 2
#define ACCESS_KINDS 3
enum access { ACCESS_LOAD, ACCESS_STORE, ACCESS_FETCH };
static const uint64_t fault_causes[ACCESS_KINDS] = {
    CAUSE_LOAD_PAGE_FAULT, CAUSE_STORE_PAGE_FAULT, CAUSE_FETCH_PAGE_FAULT };
#define STORE_VALUE 0x5a5a5a5a5a5a5a5aul

static const int pages[] = { PAGE_U_RW, PAGE_U_R, PAGE_U_X, PAGE_U_RX, PAGE_S_RW, PAGE_S_R,
                             PAGE_S_X, PAGE_S_RX, PAGE_INVALID };
#define PAGE_COUNT (sizeof pages / sizeof pages[0])
static const uint64_t page_perms[] = {
    [PAGE_U_RW] = PTE_U | PTE_R | PTE_W, [PAGE_U_R] = PTE_U | PTE_R, [PAGE_U_X] = PTE_U | PTE_X,
    [PAGE_U_RX] = PTE_U | PTE_R | PTE_X, [PAGE_S_RW] = PTE_R | PTE_W, [PAGE_S_R] = PTE_R,
    [PAGE_S_X] = PTE_X, [PAGE_S_RX] = PTE_R | PTE_X, [PAGE_INVALID] = 0,
};

/* Who performs the access. M_MPRV_x: M mode with MPRV=1 and MPP=x. */
enum actor { ACTOR_U, ACTOR_S, ACTOR_M, ACTOR_M_MPRV_M, ACTOR_M_MPRV_S, ACTOR_M_MPRV_U, ACTORS };
static const char *const actor_names[ACTORS] = {
    "U", "S", "M", "M+MPRV(MPP=M)", "M+MPRV(MPP=S)", "M+MPRV(MPP=U)" };

/* The spec's rule: may this access go through? */
static int model_allows(enum actor actor, enum paging paging, int sum, int mxr, int page, enum access kind)
{
    int fetch_privilege = actor == ACTOR_U ? PRIV_U : actor == ACTOR_S ? PRIV_S : PRIV_M;
    int data_privilege = actor == ACTOR_M_MPRV_S ? PRIV_S : actor == ACTOR_M_MPRV_U ? PRIV_U : fetch_privilege;
    int privilege = kind == ACCESS_FETCH ? fetch_privilege : data_privilege;
    if (paging == PAGING_BARE || privilege == PRIV_M)
        return 1;
    uint64_t p = page_perms[page];
    if (!p)
        return 0;
    int user_page = (p & PTE_U) != 0;
    if (privilege == PRIV_U && !user_page)
        return 0;
    if (privilege == PRIV_S && user_page && (kind == ACCESS_FETCH || !sum))
        return 0;
    switch (kind) {
    case ACCESS_LOAD:  return (p & PTE_R) || (mxr && (p & PTE_X));
    case ACCESS_STORE: return (p & PTE_W) != 0;
    default:           return (p & PTE_X) != 0;
    }
}

static uint64_t target(int page, enum access kind)
{
    static const uint64_t offsets[ACCESS_KINDS] = { PRIV_PAGE_DATA_OFFSET, PRIV_PAGE_STORE_OFFSET, 0 };
    return test_page(page) + offsets[kind];
}

/* M-mode access with MPRV=1 and the given MPP. No memory access happens
 * between setting and clearing MPRV except the probed one (norvc: the trap
 * handler skips 4 bytes). */
static uint64_t mprv_access(enum access kind, uint64_t address, uint64_t mpp)
{
    uint64_t value = 0;
#define MPRV_SEQUENCE(access_insn) \
    __asm__ volatile(".option push\n\t.option norvc\n\t" \
        "csrc mstatus, %[mask]\n\t" "csrs mstatus, %[mpp]\n\t" "csrs mstatus, %[mprv]\n\t" \
        access_insn "\n\t" "csrc mstatus, %[mprv]\n\t.option pop" \
        : [value] "+&r"(value) \
        : [mask] "r"(MSTATUS_MPP_MASK), [mpp] "r"(mpp), [mprv] "r"(MSTATUS_MPRV), \
          [addr] "r"(address), [store] "r"(STORE_VALUE) : "ra", "memory")
    switch (kind) {
    case ACCESS_LOAD:  MPRV_SEQUENCE("ld %[value], 0(%[addr])"); break;
    case ACCESS_STORE: MPRV_SEQUENCE("sd %[store], 0(%[addr])"); break;
    default:           MPRV_SEQUENCE("jalr ra, 0(%[addr])"); break;
    }
    return value;
}

static const struct probe *const probes[ACCESS_KINDS] = { &probe_load, &probe_store, &probe_fetch };

static uint64_t perform(enum actor actor, enum access kind, uint64_t address)
{
    switch (actor) {
    case ACTOR_U:        return run_probe(PRIV_U, probes[kind], address, STORE_VALUE);
    case ACTOR_S:        return run_probe(PRIV_S, probes[kind], address, STORE_VALUE);
    case ACTOR_M:        return run_probe(PRIV_M, probes[kind], address, STORE_VALUE);
    case ACTOR_M_MPRV_M: return mprv_access(kind, address, MSTATUS_MPP_M);
    case ACTOR_M_MPRV_S: return mprv_access(kind, address, MSTATUS_MPP_S);
    default:             return mprv_access(kind, address, MSTATUS_MPP_U);
    }
}

/* One line per (actor, SUM, MXR): per access kind, one character per page,
 * '.' allowed and 'F' page fault. Each access is also checked on its own. */
static void run_row(int pass, enum paging paging, enum actor actor, int sum, int mxr)
{
    char got[ACCESS_KINDS][PAGE_COUNT + 1], want[ACCESS_KINDS][PAGE_COUNT + 1];
    int ok = 1;
    for (int kind = 0; kind < ACCESS_KINDS; kind++) {
        for (unsigned i = 0; i < PAGE_COUNT; i++) {
            int page = pages[i];
            uint64_t address = target(page, kind);
            csr_clear(mstatus, MSTATUS_SUM | MSTATUS_MXR);
            csr_set(mstatus, (sum ? MSTATUS_SUM : 0) | (mxr ? MSTATUS_MXR : 0));
            trap_log_clear();
            uint64_t value = perform(actor, kind, address);
            csr_clear(mstatus, MSTATUS_SUM | MSTATUS_MXR);
            int allowed = model_allows(actor, paging, sum, mxr, page, kind);
            int trapped = trap_log.count != 0;
            got[kind][i] = trapped ? 'F' : '.';
            want[kind][i] = allowed ? '.' : 'F';
            if (allowed)
                ok &= !trapped && (kind != ACCESS_LOAD || value == PRIV_PAGE_WORD_BASE + (uint64_t)page);
            else
                ok &= trap_log.count == 1 && trap_log.cause == fault_causes[kind] &&
                      trap_log.tval == address;
        }
        got[kind][PAGE_COUNT] = want[kind][PAGE_COUNT] = 0;
    }
    char what[200];
    snprintf(what, sizeof what, "pass %d %s %s SUM=%d MXR=%d: load %s store %s fetch %s", pass + 1,
             paging_name(paging), actor_names[actor], sum, mxr, got[0], got[1], got[2]);
    if (!ok)
        printf("  expected load %s store %s fetch %s (pages u_rw u_r u_x u_rx s_rw s_r s_x s_rx invalid)\n",
               want[0], want[1], want[2]);
    pcheck(ok, what);
}

int main(void)
{
    priv_init();
    printf("pages: u_rw u_r u_x u_rx s_rw s_r s_x s_rx invalid; '.' allowed, 'F' page fault\n");
    for (int pass = 0; pass < PASSES; pass++)
        for (int paging = 0; paging < PAGING_MODES; paging++) {
            set_paging(paging);
            for (int actor = 0; actor < ACTORS; actor++)
                for (int sum = 0; sum < 2; sum++)
                    for (int mxr = 0; mxr < 2; mxr++)
                        run_row(pass, paging, actor, sum, mxr);
        }
    set_paging(PAGING_BARE);
    return test_finish();
}
