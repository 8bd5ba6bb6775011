/* RVC: hand-written compressed instructions (compressed_asm.S); the rest of
 * this program is also full of compiler-emitted ones. */
#include <string.h>
#include "testlib.h"

void compressed_alu(uint64_t a, uint64_t b, uint64_t *out);
void compressed_memory(uint64_t *buffer, uint64_t *out);
void compressed_control(uint64_t *out);
uint64_t compressed_ebreak(void);

static uint64_t sext32(uint64_t v) { return (uint64_t)(int64_t)(int32_t)v; }

static const char *const alu_names[] = {
    "c.addi 5", "c.addi -32", "c.addiw -1", "c.addiw 0", "c.li 31", "c.li -32",
    "c.lui 0x1f", "c.lui -32", "c.srli 63", "c.srli 1", "c.srai 1", "c.srai 63",
    "c.andi -1", "c.andi 0x1f", "c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw",
    "c.slli 1", "c.slli 63", "c.mv", "c.add", "s0/s1 ops",
};
#define ALU_RESULTS (sizeof alu_names / sizeof alu_names[0])

static void test_alu(uint64_t a, uint64_t b)
{
    uint64_t out[ALU_RESULTS];
    const uint64_t expected[ALU_RESULTS] = {
        a + 5, a - 32, sext32(a - 1), sext32(a), 31, (uint64_t)-32,
        0x1f000, 0xfffffffffffe0000ull, a >> 63, a >> 1, (uint64_t)((int64_t)a >> 1),
        (uint64_t)((int64_t)a >> 63), a, a & 0x1f, a - b, a ^ b, a | b, a & b,
        sext32(a - b), sext32(a + b), a << 1, a << 63, b, a + b, a + 1,
    };
    compressed_alu(a, b, out);
    for (unsigned i = 0; i < ALU_RESULTS; i++) {
        printf("%s a=%llx b=%llx -> %llx\n", alu_names[i], (unsigned long long)a,
               (unsigned long long)b, (unsigned long long)out[i]);
        check(out[i] == expected[i], alu_names[i]);
    }
}

static void test_memory(void)
{
    uint64_t buffer[16], out[11];
    for (unsigned i = 0; i < 16; i++)
        buffer[i] = 0x8070605040302010ull + i * 0x0101010101010101ull;
    double sample = 3.25;
    memcpy(&buffer[2], &sample, sizeof sample);
    compressed_memory(buffer, out);
    check_eq("c.ld 8", out[0], 0x8171615141312111ull);
    check_eq("c.lw 4", out[1], 0xffffffff80706050ull);
    check_eq("c.lw 124", out[2], 0xffffffff8f7f6f5full);
    check_eq("c.ld 120", out[3], 0x8f7f6f5f4f3f2f1full);
    check_eq("c.sw 64 then c.ld", out[4], 0x8878685811223344ull);
    uint64_t sample_bits;
    memcpy(&sample_bits, &sample, sizeof sample_bits);
    check_eq("c.fld/c.fsd", out[5], sample_bits);
    check_eq("c.addi4spn 16", out[6], 16);
    check_eq("c.sdsp/c.ldsp", out[7], (uint64_t)-2);
    check_eq("c.swsp/c.lwsp", out[8], (uint64_t)-2);
    check_eq("c.fsdsp via c.ld", out[9], sample_bits);
    check_eq("c.fldsp/c.fsd", out[10], sample_bits);
}

static void test_control(void)
{
    uint64_t out[8];
    compressed_control(out);
    check_eq("c.beqz taken", out[0], 0);
    check_eq("c.beqz not taken", out[1], 4);
    check_eq("c.bnez taken", out[2], 4);
    check_eq("c.bnez not taken", out[3], 5);
    check_eq("c.j", out[4], 5);
    check_eq("c.jalr link - jalr address", out[5], 2);
    check_eq("c.jr", out[6], 1);
    check_eq("c.bnez loop", out[7], 14);
}

static void test_ebreak(void)
{
    trap_catch_begin();
    uint64_t ebreak_address = compressed_ebreak();
    trap_catch_end();
    check_eq("c.ebreak traps", caught.count, 1);
    check_eq("c.ebreak mcause", caught.cause, CAUSE_BREAKPOINT);
    check_eq("c.ebreak mepc is the ebreak", caught.epc == ebreak_address, 1);
    /* The spec allows 0 or the pc; QEMU 7.2 writes 0. Print which one. */
    const char *tval_kind = caught.tval == 0 ? "0" : caught.tval == ebreak_address ? "pc" : "other";
    printf("c.ebreak mtval is %s\n", tval_kind);
    check(caught.tval == 0 || caught.tval == ebreak_address, "c.ebreak mtval is 0 or pc");
}

int main(void)
{
    static const uint64_t values[] = { 0, 1, 0xffffffffffffffffull, 0x8000000000000000ull,
                                       0x7fffffff80000000ull, 0x123456789abcdef0ull };
    printf("compressed test\n");
    for (unsigned i = 0; i < 6; i++)
        test_alu(values[i], values[(i + 1) % 6]);
    test_memory();
    test_control();
    test_ebreak();
    return test_finish();
}
