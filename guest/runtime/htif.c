/* HTIF back-end: console through the syscall proxy, exit through tohost.
 *
 * QEMU 7.2's spike machine does not implement the syscall proxy: it clears
 * tohost but never answers in fromhost. So the first write waits a bounded
 * number of polls for the answer; if none comes, this and all later output
 * goes through the HTIF console device (device 1, command 1: one byte per
 * request), which QEMU 7.2 does answer. Either way the bytes printed are the
 * same. */
#include "riscv.h"
#include "runtime.h"

/* tohost then fromhost, in this order, alone in a page of their own: QEMU
 * maps tohost as MMIO and cannot run code from a page that holds it. */
#define HTIF_PAGE_ALIGN "4096"
__asm__(".pushsection .tohost, \"aw\", @progbits\n"
        ".balign " HTIF_PAGE_ALIGN "\n"
        ".globl tohost\n .type tohost, @object\n .size tohost, 8\n"
        "tohost: .dword 0\n"
        ".globl fromhost\n .type fromhost, @object\n .size fromhost, 8\n"
        "fromhost: .dword 0\n"
        ".balign " HTIF_PAGE_ALIGN "\n"
        ".popsection\n");
extern volatile uint64_t tohost;
extern volatile uint64_t fromhost;

#define STDOUT_FD 1
#define LINE_BUFFER_SIZE 128
#define HTIF_DEVICE_SHIFT 56
#define HTIF_COMMAND_SHIFT 48
#define HTIF_DEVICE_CONSOLE 1ull
#define HTIF_CONSOLE_PUTCHAR 1ull
#define PROXY_REPLY_POLL_LIMIT (1u << 20)

static char line_buffer[LINE_BUFFER_SIZE];
static unsigned line_length;
static int proxy_unanswered;

static int wait_for_host(unsigned poll_limit)
{
    for (unsigned polls = 0; fromhost == 0; polls++)
        if (poll_limit && polls >= poll_limit)
            return 0;
    fromhost = 0;
    __asm__ volatile("fence" ::: "memory");
    return 1;
}

/* Hands the host a [number, a0, a1, a2] block; returns 0 if it never answers. */
static int proxy_syscall(uint64_t number, uint64_t a0, uint64_t a1, uint64_t a2)
{
    volatile uint64_t request[8] __attribute__((aligned(64))) = { number, a0, a1, a2 };
    __asm__ volatile("fence" ::: "memory");
    tohost = (uint64_t)(uintptr_t)request;
    return wait_for_host(PROXY_REPLY_POLL_LIMIT);
}

static void console_device_write(const char *bytes, unsigned length)
{
    for (unsigned i = 0; i < length; i++) {
        tohost = (HTIF_DEVICE_CONSOLE << HTIF_DEVICE_SHIFT)
               | (HTIF_CONSOLE_PUTCHAR << HTIF_COMMAND_SHIFT)
               | (uint8_t)bytes[i];
        wait_for_host(0);
    }
}

void console_flush(void)
{
    if (line_length == 0)
        return;
    if (proxy_unanswered
        || !proxy_syscall(HTIF_SYS_WRITE, STDOUT_FD, (uint64_t)(uintptr_t)line_buffer, line_length)) {
        proxy_unanswered = 1;
        console_device_write(line_buffer, line_length);
    }
    line_length = 0;
}

void console_putc(char c)
{
    line_buffer[line_length++] = c;
    if (c == '\n' || line_length == LINE_BUFFER_SIZE)
        console_flush();
}

void machine_exit(int code)
{
    for (;;)
        tohost = ((uint64_t)code << 1) | 1;
}
