/* RV64I: ALU ops (incl. W forms), lui/auipc, branches, jal/jalr links,
 * every load/store width, and misaligned loads/stores (performed, not trapped). */
#include <string.h>
#include "testlib.h"

static const uint64_t operands[] = {
    0, 1, 2, 0xffffffffffffffffull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0x7fffffff, 0x80000000, 0xffffffff, 0x123456789abcdef0ull, 31, 32, 63, 64,
};
#define OPERAND_COUNT (sizeof operands / sizeof operands[0])

#define R_OP(insn) \
    static uint64_t do_##insn(uint64_t a, uint64_t b) \
    { uint64_t r; __asm__ volatile(#insn " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b)); return r; }

R_OP(add) R_OP(sub) R_OP(sll) R_OP(srl) R_OP(sra) R_OP(slt) R_OP(sltu)
R_OP(xor) R_OP(or) R_OP(and) R_OP(addw) R_OP(subw) R_OP(sllw) R_OP(srlw) R_OP(sraw)

static uint64_t sext32(uint64_t v) { return (uint64_t)(int64_t)(int32_t)v; }

static uint64_t ref_add(uint64_t a, uint64_t b) { return a + b; }
static uint64_t ref_sub(uint64_t a, uint64_t b) { return a - b; }
static uint64_t ref_sll(uint64_t a, uint64_t b) { return a << (b & 63); }
static uint64_t ref_srl(uint64_t a, uint64_t b) { return a >> (b & 63); }
static uint64_t ref_sra(uint64_t a, uint64_t b) { return (uint64_t)((int64_t)a >> (b & 63)); }
static uint64_t ref_slt(uint64_t a, uint64_t b) { return (int64_t)a < (int64_t)b; }
static uint64_t ref_sltu(uint64_t a, uint64_t b) { return a < b; }
static uint64_t ref_xor(uint64_t a, uint64_t b) { return a ^ b; }
static uint64_t ref_or(uint64_t a, uint64_t b) { return a | b; }
static uint64_t ref_and(uint64_t a, uint64_t b) { return a & b; }
static uint64_t ref_addw(uint64_t a, uint64_t b) { return sext32(a + b); }
static uint64_t ref_subw(uint64_t a, uint64_t b) { return sext32(a - b); }
static uint64_t ref_sllw(uint64_t a, uint64_t b) { return sext32((uint32_t)a << (b & 31)); }
static uint64_t ref_srlw(uint64_t a, uint64_t b) { return sext32((uint32_t)a >> (b & 31)); }
static uint64_t ref_sraw(uint64_t a, uint64_t b) { return sext32((uint64_t)((int32_t)a >> (b & 31))); }

struct binary_op {
    const char *name;
    uint64_t (*run)(uint64_t, uint64_t);
    uint64_t (*reference)(uint64_t, uint64_t);
};

static const struct binary_op register_ops[] = {
    { "add", do_add, ref_add }, { "sub", do_sub, ref_sub }, { "sll", do_sll, ref_sll },
    { "srl", do_srl, ref_srl }, { "sra", do_sra, ref_sra }, { "slt", do_slt, ref_slt },
    { "sltu", do_sltu, ref_sltu }, { "xor", do_xor, ref_xor }, { "or", do_or, ref_or },
    { "and", do_and, ref_and }, { "addw", do_addw, ref_addw }, { "subw", do_subw, ref_subw },
    { "sllw", do_sllw, ref_sllw }, { "srlw", do_srlw, ref_srlw }, { "sraw", do_sraw, ref_sraw },
};

static void test_register_ops(void)
{
    for (unsigned op = 0; op < sizeof register_ops / sizeof register_ops[0]; op++) {
        const struct binary_op *o = &register_ops[op];
        for (unsigned i = 0; i < OPERAND_COUNT; i++)
            for (unsigned j = 0; j < OPERAND_COUNT; j++) {
                uint64_t a = operands[i], b = operands[j];
                uint64_t got = o->run(a, b);
                printf("%s %llx %llx = %llx\n", o->name, (unsigned long long)a,
                       (unsigned long long)b, (unsigned long long)got);
                check(got == o->reference(a, b), o->name);
            }
    }
}

/* Immediate forms: one asm per (instruction, immediate) since imm is encoded. */
#define I_CASE(insn, imm, ref) do { \
        for (unsigned i_ = 0; i_ < OPERAND_COUNT; i_++) { \
            uint64_t a = operands[i_], r; \
            __asm__ volatile(#insn " %0, %1, " #imm : "=r"(r) : "r"(a)); \
            printf(#insn " %llx " #imm " = %llx\n", (unsigned long long)a, (unsigned long long)r); \
            check(r == (uint64_t)(ref), #insn " " #imm); \
        } \
    } while (0)

static void test_immediate_ops(void)
{
    I_CASE(addi, 0, a);
    I_CASE(addi, 2047, a + 2047);
    I_CASE(addi, -2048, a - 2048);
    I_CASE(slti, -1, (int64_t)a < -1);
    I_CASE(slti, 2047, (int64_t)a < 2047);
    I_CASE(sltiu, -1, a < 0xffffffffffffffffull);  /* imm sign-extends, then compares unsigned */
    I_CASE(sltiu, 1, a < 1);
    I_CASE(xori, -1, ~a);
    I_CASE(xori, 0x555, a ^ 0x555);
    I_CASE(ori, -2048, a | 0xfffffffffffff800ull);
    I_CASE(andi, 0x7ff, a & 0x7ff);
    I_CASE(andi, -16, a & ~15ull);
    I_CASE(slli, 0, a);
    I_CASE(slli, 1, a << 1);
    I_CASE(slli, 63, a << 63);
    I_CASE(srli, 1, a >> 1);
    I_CASE(srli, 63, a >> 63);
    I_CASE(srai, 1, (int64_t)a >> 1);
    I_CASE(srai, 63, (int64_t)a >> 63);
    I_CASE(addiw, 0, sext32(a));
    I_CASE(addiw, -1, sext32(a - 1));
    I_CASE(addiw, 2047, sext32(a + 2047));
    I_CASE(slliw, 0, sext32(a));
    I_CASE(slliw, 31, sext32((uint32_t)a << 31));
    I_CASE(srliw, 0, sext32((uint32_t)a));
    I_CASE(srliw, 31, sext32((uint32_t)a >> 31));
    I_CASE(sraiw, 0, sext32(a));
    I_CASE(sraiw, 31, sext32((uint64_t)((int32_t)a >> 31)));
}

static void test_upper_immediates(void)
{
    uint64_t r;
    __asm__ volatile("lui %0, 0x80000" : "=r"(r));
    check_eq("lui 0x80000", r, 0xffffffff80000000ull);
    __asm__ volatile("lui %0, 0x7ffff" : "=r"(r));
    check_eq("lui 0x7ffff", r, 0x7ffff000);
    __asm__ volatile("lui %0, 0xfffff" : "=r"(r));
    check_eq("lui 0xfffff", r, 0xfffffffffffff000ull);

    /* auipc adds to its own pc: compare against a label's address. */
    uint64_t here, label;
    __asm__ volatile(".option push\n .option norvc\n"
                     "1: auipc %0, 0\n"
                     "   lla %1, 1b\n"
                     ".option pop" : "=r"(here), "=r"(label));
    check_eq("auipc 0 - own address", here - label, 0);
    __asm__ volatile("1: auipc %0, 0x1\n lla %1, 1b" : "=r"(here), "=r"(label));
    check_eq("auipc 1 - own address", here - label, 0x1000);
    __asm__ volatile("1: auipc %0, 0xfffff\n lla %1, 1b" : "=r"(here), "=r"(label));
    check_eq("auipc -1 - own address", here - label, (uint64_t)-0x1000);
}

#define BRANCH(insn, a, b) ({ uint64_t taken_; \
    __asm__ volatile("li %0, 1\n " #insn " %1, %2, 1f\n li %0, 0\n1:" \
                     : "=&r"(taken_) : "r"(a), "r"(b)); taken_; })

static void test_branches(void)
{
    static const uint64_t values[] = { 0, 1, 0xffffffffffffffffull, 0x8000000000000000ull,
                                       0x7fffffffffffffffull };
    unsigned count = sizeof values / sizeof values[0];
    for (unsigned i = 0; i < count; i++)
        for (unsigned j = 0; j < count; j++) {
            uint64_t a = values[i], b = values[j];
            uint64_t t_eq = BRANCH(beq, a, b), t_ne = BRANCH(bne, a, b);
            uint64_t t_lt = BRANCH(blt, a, b), t_ge = BRANCH(bge, a, b);
            uint64_t t_ltu = BRANCH(bltu, a, b), t_geu = BRANCH(bgeu, a, b);
            printf("branch %llx %llx: beq=%llu bne=%llu blt=%llu bge=%llu bltu=%llu bgeu=%llu\n",
                   (unsigned long long)a, (unsigned long long)b,
                   (unsigned long long)t_eq, (unsigned long long)t_ne,
                   (unsigned long long)t_lt, (unsigned long long)t_ge,
                   (unsigned long long)t_ltu, (unsigned long long)t_geu);
            check(t_eq == (a == b) && t_ne == (a != b), "beq/bne");
            check(t_lt == ((int64_t)a < (int64_t)b) && t_ge == ((int64_t)a >= (int64_t)b), "blt/bge");
            check(t_ltu == (a < b) && t_geu == (a >= b), "bltu/bgeu");
        }
    /* Backward branch: a counted loop. */
    uint64_t n = 5, iterations = 0;
    __asm__ volatile("1: addi %0, %0, 1\n addi %1, %1, -1\n bnez %1, 1b"
                     : "+r"(iterations), "+r"(n));
    check_eq("backward bnez loop count", iterations, 5);
}

static void test_jumps(void)
{
    uint64_t link, base;
    /* jal: link = address of the jal + 4 (uncompressed). */
    __asm__ volatile(".option push\n .option norvc\n"
                     "lla %1, 1f\n"
                     "1: jal %0, 2f\n"
                     "nop\n"
                     "2:\n"
                     ".option pop" : "=r"(link), "=r"(base));
    check_eq("jal link - jal address", link - base, 4);

    /* jalr: target = (rs1 + imm) & ~1, link = pc + 4. */
    uint64_t landed;
    __asm__ volatile(".option push\n .option norvc\n"
                     "lla t0, 2f\n"
                     "addi t0, t0, -3\n"        /* odd: rs1 + 4 has bit 0 set */
                     "li %2, 0\n"
                     "lla %1, 1f\n"
                     "1: jalr %0, 4(t0)\n"
                     "j 3f\n"
                     "2: li %2, 1\n"
                     "3:\n"
                     ".option pop" : "=&r"(link), "=&r"(base), "=&r"(landed) :: "t0");
    check_eq("jalr odd target lands", landed, 1);
    check_eq("jalr link - jalr address", link - base, 4);

    /* jalr with rd == rs1: the target uses the old rs1. */
    __asm__ volatile(".option push\n .option norvc\n"
                     "lla %0, 2f\n"
                     "li %2, 0\n"
                     "lla %1, 1f\n"
                     "1: jalr %0, 0(%0)\n"
                     "j 3f\n"
                     "2: li %2, 1\n"
                     "3:\n"
                     ".option pop" : "=&r"(link), "=&r"(base), "=&r"(landed));
    check_eq("jalr rd==rs1 lands", landed, 1);
    check_eq("jalr rd==rs1 link - jalr address", link - base, 4);

    /* x0 as rd discards the link. */
    uint64_t zero;
    __asm__ volatile("lla t0, 1f\n jalr x0, 0(t0)\n 1: mv %0, x0" : "=r"(zero) :: "t0");
    check_eq("jalr x0 link", zero, 0);
}

static uint8_t memory_buffer[64] __attribute__((aligned(16)));

static void fill_pattern(void)
{
    for (unsigned i = 0; i < sizeof memory_buffer; i++)
        memory_buffer[i] = (uint8_t)(0x81 + i * 0x11);
}

/* Little-endian value of `size` bytes at offset, read byte by byte. */
static uint64_t bytes_at(unsigned offset, unsigned size)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)memory_buffer[offset + i] << (8 * i);
    return v;
}

static uint64_t sign_extend(uint64_t v, unsigned bits)
{
    unsigned shift = 64 - bits;
    return (uint64_t)((int64_t)(v << shift) >> shift);
}

#define LOAD(insn, addr) ({ uint64_t v_; \
    __asm__ volatile(#insn " %0, 0(%1)" : "=r"(v_) : "r"(addr) : "memory"); v_; })
#define STORE(insn, addr, value) \
    __asm__ volatile(#insn " %1, 0(%0)" :: "r"(addr), "r"(value) : "memory")

static void test_loads_stores(void)
{
    /* Offsets 0..7 cover aligned and every misaligned case for each width. */
    for (unsigned offset = 0; offset < 8; offset++) {
        fill_pattern();
        uint8_t *p = memory_buffer + 8 + offset;
        uint64_t lb = LOAD(lb, p), lbu = LOAD(lbu, p), lh = LOAD(lh, p), lhu = LOAD(lhu, p);
        uint64_t lw = LOAD(lw, p), lwu = LOAD(lwu, p), ld = LOAD(ld, p);
        unsigned o = 8 + offset;
        printf("load +%u: lb=%llx lbu=%llx lh=%llx lhu=%llx lw=%llx lwu=%llx ld=%llx\n", offset,
               (unsigned long long)lb, (unsigned long long)lbu, (unsigned long long)lh,
               (unsigned long long)lhu, (unsigned long long)lw, (unsigned long long)lwu,
               (unsigned long long)ld);
        check(lb == sign_extend(bytes_at(o, 1), 8) && lbu == bytes_at(o, 1), "lb/lbu");
        check(lh == sign_extend(bytes_at(o, 2), 16) && lhu == bytes_at(o, 2), "lh/lhu");
        check(lw == sign_extend(bytes_at(o, 4), 32) && lwu == bytes_at(o, 4), "lw/lwu");
        check(ld == bytes_at(o, 8), "ld");

        static const unsigned sizes[] = { 1, 2, 4, 8 };
        for (unsigned s = 0; s < 4; s++) {
            fill_pattern();
            uint64_t value = 0x0123456789abcdefull;
            switch (sizes[s]) {
            case 1: STORE(sb, p, value); break;
            case 2: STORE(sh, p, value); break;
            case 4: STORE(sw, p, value); break;
            default: STORE(sd, p, value); break;
            }
            uint64_t mask = sizes[s] == 8 ? ~0ull : (1ull << (8 * sizes[s])) - 1;
            int ok = bytes_at(o, sizes[s]) == (value & mask)
                  && memory_buffer[o - 1] == (uint8_t)(0x81 + (o - 1) * 0x11)
                  && memory_buffer[o + sizes[s]] == (uint8_t)(0x81 + (o + sizes[s]) * 0x11);
            printf("store%u +%u: %016llx %016llx\n", sizes[s] * 8, offset,
                   (unsigned long long)bytes_at(16, 8), (unsigned long long)bytes_at(8, 8));
            check(ok, "store width/neighbours");
        }
    }
    /* Negative offsets in the instruction. */
    fill_pattern();
    uint64_t v;
    __asm__ volatile("ld %0, -8(%1)" : "=r"(v) : "r"(memory_buffer + 16) : "memory");
    check_eq("ld -8(base)", v, bytes_at(8, 8));
}

static void test_x0(void)
{
    uint64_t r;
    __asm__ volatile("li t0, 5\n add x0, t0, t0\n mv %0, x0" : "=r"(r) :: "t0");
    check_eq("x0 stays zero", r, 0);
}

/* HINT encodings (rd = x0 and similar) execute as no-ops. Each is copied
 * into a RAM buffer followed by c.jr ra and called, with a0 as a marker. */
#define C_JR_RA 0x8082u
static uint16_t hint_code[4] __attribute__((aligned(8)));

static uint64_t run_hint(uint32_t bits, unsigned length)
{
    hint_code[0] = (uint16_t)bits;
    hint_code[1] = length == 4 ? (uint16_t)(bits >> 16) : C_JR_RA;
    hint_code[2] = C_JR_RA;
    __asm__ volatile("fence.i" ::: "memory");
    uint64_t a0;
    __asm__ volatile("li a0, 1234\n jalr ra, 0(%1)\n mv %0, a0"
                     : "=r"(a0) : "r"(hint_code) : "ra", "a0", "memory");
    return a0;
}

static void test_hints_and_fences(void)
{
    static const struct { const char *name; uint32_t bits; unsigned length; } hints[] = {
        { "addi x0, x1, 1", 0x00108013, 4 }, { "lui x0, 1", 0x00001037, 4 },
        { "auipc x0, 1", 0x00001017, 4 }, { "add x0, x1, x2", 0x00208033, 4 },
        { "slli x0, x0, 1", 0x00101013, 4 }, { "pause (fence w, 0)", 0x0100000f, 4 },
        { "c.nop 1", 0x0005, 2 }, { "c.addi a0, 0", 0x0501, 2 }, { "c.li x0, 1", 0x4005, 2 },
        { "c.lui x0, 1", 0x6005, 2 }, { "c.mv x0, a0", 0x802a, 2 }, { "c.add x0, a0", 0x902a, 2 },
        { "c.slli x0, 1", 0x0006, 2 }, { "c.slli a0, 0", 0x0502, 2 },
    };
    for (unsigned i = 0; i < sizeof hints / sizeof hints[0]; i++) {
        trap_catch_begin();
        uint64_t a0 = run_hint(hints[i].bits, hints[i].length);
        trap_catch_end();
        printf("hint %s: traps=%llu a0=%llu\n", hints[i].name, (unsigned long long)caught.count,
               (unsigned long long)a0);
        check(caught.count == 0 && a0 == 1234, hints[i].name);
    }
    trap_catch_begin();
    __asm__ volatile("fence\n fence rw, rw\n fence.tso\n fence i, o\n fence.i" ::: "memory");
    trap_catch_end();
    check_eq("fences: traps", caught.count, 0);
}

int main(void)
{
    printf("integer test\n");
    test_register_ops();
    test_immediate_ops();
    test_upper_immediates();
    test_branches();
    test_jumps();
    test_loads_stores();
    test_x0();
    test_hints_and_fences();
    return test_finish();
}
