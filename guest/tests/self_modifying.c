/* Code written at run time: patched instructions must take effect after
 * fence.i, including code the CPU has already run (and a translator cached). */
#include <string.h>
#include "testlib.h"

/* Encodings used to build code in RAM. */
#define ADDI_A0_A0(imm)  (((uint32_t)(imm) & 0xfff) << 20 | 10u << 15 | 10u << 7 | 0x13u)
#define RET              0x00008067u    /* jalr x0, 0(ra) */
#define C_ADDI_A0(imm)   (uint16_t)(0x0001u | 10u << 7 | ((uint32_t)(imm) & 0x1f) << 2 | \
                                    ((uint32_t)(imm) & 0x20) << 7)
#define C_JR_RA          0x8082u

static uint32_t code[16] __attribute__((aligned(64)));

typedef uint64_t (*code_fn)(uint64_t);

static uint64_t call_code(uint64_t argument)
{
    __asm__ volatile("fence.i" ::: "memory");
    return ((code_fn)(uintptr_t)code)(argument);
}

static void write_addi_block(int first, int second)
{
    code[0] = ADDI_A0_A0(first);
    code[1] = ADDI_A0_A0(second);
    code[2] = RET;
}

int main(void)
{
    printf("self_modifying test\n");
    write_addi_block(1, 2);
    check_eq("addi 1, addi 2", call_code(100), 103);
    /* Run it often enough that a translator would compile it, then patch. */
    uint64_t sum = 0;
    for (unsigned i = 0; i < 1000; i++)
        sum += call_code(i);
    check_eq("1000 calls", sum, 1000 * 999 / 2 + 3 * 1000);
    code[1] = ADDI_A0_A0(-50);
    check_eq("second addi patched to -50", call_code(100), 51);
    code[0] = RET;
    check_eq("first instruction patched to ret", call_code(100), 100);

    /* Compressed code: c.addi a0, 7 ; c.jr ra, then patch the immediate. */
    uint16_t *half = (uint16_t *)code;
    half[0] = C_ADDI_A0(7);
    half[1] = C_JR_RA;
    check_eq("c.addi 7", call_code(1), 8);
    half[0] = C_ADDI_A0(-3);
    check_eq("c.addi patched to -3", call_code(1), (uint64_t)-2);

    /* A 32-bit instruction made of two halves written separately. */
    write_addi_block(5, 0);
    for (unsigned i = 0; i < 100; i++)
        (void)call_code(i);
    uint32_t patched = ADDI_A0_A0(9);
    half[0] = (uint16_t)patched;
    half[1] = (uint16_t)(patched >> 16);
    check_eq("addi rewritten by halves", call_code(0), 9);

    /* Code that patches the instruction right after it, then fence.i in between. */
    write_addi_block(0, 0);
    code[0] = 0x00b62023u;      /* sw a1, 0(a2): overwrite the next word */
    code[1] = 0x0000100fu;      /* fence.i */
    code[2] = ADDI_A0_A0(1);    /* replaced before it runs */
    code[3] = RET;
    __asm__ volatile("fence.i" ::: "memory");
    uint64_t result;
    __asm__ volatile("mv a0, %1\n mv a1, %2\n mv a2, %3\n jalr ra, 0(%4)\n mv %0, a0"
                     : "=r"(result)
                     : "r"(10ull), "r"((uint64_t)ADDI_A0_A0(20)), "r"(&code[2]), "r"(code)
                     : "ra", "a0", "a1", "a2", "memory");
    check_eq("store to the next instruction, fence.i, run it", result, 30);
    return test_finish();
}
