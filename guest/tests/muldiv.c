/* RV64M: every multiply/divide, incl. division by zero and INT_MIN / -1. */
#include "testlib.h"

static const uint64_t operands[] = {
    0, 1, 2, 3, 0xffffffffffffffffull, 0xfffffffffffffffdull, 0x7fffffffffffffffull,
    0x8000000000000000ull, 0x7fffffff, 0x80000000, 0xffffffff, 0xffffffff80000000ull,
    0x123456789abcdef0ull, 0xfedcba9876543210ull,
};
#define OPERAND_COUNT (sizeof operands / sizeof operands[0])

#define R_OP(insn) \
    static uint64_t do_##insn(uint64_t a, uint64_t b) \
    { uint64_t r; __asm__ volatile(#insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }

R_OP(mul) R_OP(mulh) R_OP(mulhsu) R_OP(mulhu) R_OP(mulw)
R_OP(div) R_OP(divu) R_OP(rem) R_OP(remu) R_OP(divw) R_OP(divuw) R_OP(remw) R_OP(remuw)

typedef __int128 int128;
typedef unsigned __int128 uint128;
static uint64_t sext32(uint64_t v) { return (uint64_t)(int64_t)(int32_t)v; }

static uint64_t ref_mul(uint64_t a, uint64_t b) { return a * b; }
static uint64_t ref_mulh(uint64_t a, uint64_t b)
{ return (uint64_t)((int128)(int64_t)a * (int128)(int64_t)b >> 64); }
static uint64_t ref_mulhsu(uint64_t a, uint64_t b)
{ return (uint64_t)((int128)(int64_t)a * (int128)(uint128)b >> 64); }
static uint64_t ref_mulhu(uint64_t a, uint64_t b) { return (uint64_t)((uint128)a * b >> 64); }
static uint64_t ref_mulw(uint64_t a, uint64_t b) { return sext32(a * b); }

/* Division rules from the spec: x/0 = -1 (all ones), x%0 = x, MIN/-1 = MIN, MIN%-1 = 0. */
static uint64_t ref_div(uint64_t a, uint64_t b)
{
    if (b == 0) return ~0ull;
    if (a == 0x8000000000000000ull && b == ~0ull) return a;
    return (uint64_t)((int64_t)a / (int64_t)b);
}
static uint64_t ref_divu(uint64_t a, uint64_t b) { return b == 0 ? ~0ull : a / b; }
static uint64_t ref_rem(uint64_t a, uint64_t b)
{
    if (b == 0) return a;
    if (a == 0x8000000000000000ull && b == ~0ull) return 0;
    return (uint64_t)((int64_t)a % (int64_t)b);
}
static uint64_t ref_remu(uint64_t a, uint64_t b) { return b == 0 ? a : a % b; }
static uint64_t ref_divw(uint64_t a, uint64_t b)
{
    int32_t x = (int32_t)a, y = (int32_t)b;
    if (y == 0) return ~0ull;
    if (x == INT32_MIN && y == -1) return sext32((uint32_t)x);
    return sext32((uint32_t)(x / y));
}
static uint64_t ref_divuw(uint64_t a, uint64_t b)
{
    uint32_t x = (uint32_t)a, y = (uint32_t)b;
    return y == 0 ? ~0ull : sext32(x / y);
}
static uint64_t ref_remw(uint64_t a, uint64_t b)
{
    int32_t x = (int32_t)a, y = (int32_t)b;
    if (y == 0) return sext32((uint32_t)x);
    if (x == INT32_MIN && y == -1) return 0;
    return sext32((uint32_t)(x % y));
}
static uint64_t ref_remuw(uint64_t a, uint64_t b)
{
    uint32_t x = (uint32_t)a, y = (uint32_t)b;
    return y == 0 ? sext32(x) : sext32(x % y);
}

struct binary_op {
    const char *name;
    uint64_t (*run)(uint64_t, uint64_t);
    uint64_t (*reference)(uint64_t, uint64_t);
};

static const struct binary_op ops[] = {
    { "mul", do_mul, ref_mul }, { "mulh", do_mulh, ref_mulh },
    { "mulhsu", do_mulhsu, ref_mulhsu }, { "mulhu", do_mulhu, ref_mulhu },
    { "mulw", do_mulw, ref_mulw }, { "div", do_div, ref_div }, { "divu", do_divu, ref_divu },
    { "rem", do_rem, ref_rem }, { "remu", do_remu, ref_remu }, { "divw", do_divw, ref_divw },
    { "divuw", do_divuw, ref_divuw }, { "remw", do_remw, ref_remw },
    { "remuw", do_remuw, ref_remuw },
};

int main(void)
{
    printf("muldiv test\n");
    for (unsigned op = 0; op < sizeof ops / sizeof ops[0]; op++)
        for (unsigned i = 0; i < OPERAND_COUNT; i++)
            for (unsigned j = 0; j < OPERAND_COUNT; j++) {
                uint64_t a = operands[i], b = operands[j];
                uint64_t got = ops[op].run(a, b);
                printf("%s %llx %llx = %llx\n", ops[op].name, (unsigned long long)a,
                       (unsigned long long)b, (unsigned long long)got);
                check(got == ops[op].reference(a, b), ops[op].name);
            }

    /* Spot checks of the corner cases, spelled out. */
    check_eq("div 7 0", do_div(7, 0), ~0ull);
    check_eq("rem 7 0", do_rem(7, 0), 7);
    check_eq("div MIN -1", do_div(0x8000000000000000ull, ~0ull), 0x8000000000000000ull);
    check_eq("rem MIN -1", do_rem(0x8000000000000000ull, ~0ull), 0);
    check_eq("divw MIN32 -1", do_divw(0x80000000, ~0ull), 0xffffffff80000000ull);
    check_eq("remw MIN32 -1", do_remw(0x80000000, ~0ull), 0);
    check_eq("divuw x 0", do_divuw(0x1234, 0xffffffff00000000ull), ~0ull);
    check_eq("remuw 0x80000000 0", do_remuw(0x80000000, 0), 0xffffffff80000000ull);
    check_eq("mulhsu -1 -1", do_mulhsu(~0ull, ~0ull), ~0ull);
    check_eq("mulhu -1 -1", do_mulhu(~0ull, ~0ull), 0xfffffffffffffffeull);
    check_eq("mulh MIN MIN", do_mulh(0x8000000000000000ull, 0x8000000000000000ull),
             0x4000000000000000ull);
    return test_finish();
}
