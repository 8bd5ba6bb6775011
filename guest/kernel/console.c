/* Console, exit and timer through the M-mode stub (the runtime's stdio.c
 * calls console_putc). */
#include "kernel.h"
#include "runtime.h"

static long sbi_call(long function, long arg)
{
    register long a0 __asm__("a0") = arg;
    register long a7 __asm__("a7") = function;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
    return a0;
}

void console_putc(char c)
{
    sbi_call(SBI_CONSOLE_PUTCHAR, (unsigned char)c);
}

void console_flush(void)
{
}

void sbi_shutdown(int code)
{
    sbi_call(SBI_SHUTDOWN, code);
    for (;;)
        ;
}

void sbi_set_timer(uint64_t when)
{
    sbi_call(SBI_SET_TIMER, (long)when);
}

uint64_t read_time(void)
{
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

void machine_exit(int code)
{
    sbi_shutdown(code);
}
