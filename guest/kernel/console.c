/* The runtime's stdio.c calls these; they go through the M-mode stub. */
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

void machine_exit(int code)
{
    sbi_shutdown(code);
}
