/* QEMU virt back-end: 16550 UART console, SiFive test device for exit. */
#include "riscv.h"
#include "runtime.h"

#define MMIO8(addr)  (*(volatile uint8_t *)(uintptr_t)(addr))
#define MMIO32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

void console_putc(char c)
{
    while (!(MMIO8(VIRT_UART0_BASE + UART_LSR) & UART_LSR_THR_EMPTY))
        ;
    MMIO8(VIRT_UART0_BASE + UART_THR) = (uint8_t)c;
}

void console_flush(void)
{
}

void machine_exit(int code)
{
    uint32_t value = code == 0
        ? SIFIVE_TEST_PASS
        : ((uint32_t)code << SIFIVE_TEST_CODE_SHIFT) | SIFIVE_TEST_FAIL;
    MMIO32(VIRT_SIFIVE_TEST_BASE) = value;
    for (;;)
        __asm__ volatile("wfi");
}
