/* An S-mode program started by SBI firmware (OpenSBI's fw_jump), as a kernel is: it talks to the firmware through
 * SBI calls only, reads /chosen and /memory from the device tree it is handed, takes a timer interrupt and two
 * exceptions, and powers the machine off. Its "payload:" lines must be the same under QEMU and rvt. */
#include <stdint.h>

struct sbiret { long error; long value; };

static struct sbiret sbi_call(long extension, long function, long a0, long a1)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a6 __asm__("a6") = function;
    register long r_a7 __asm__("a7") = extension;
    __asm__ volatile("ecall" : "+r"(r_a0), "+r"(r_a1) : "r"(r_a6), "r"(r_a7) : "memory");
    return (struct sbiret){ r_a0, r_a1 };
}

enum {
    SBI_LEGACY_PUTCHAR = 0x01, SBI_BASE = 0x10, SBI_TIME = 0x54494D45, SBI_HSM = 0x48534D, SBI_SRST = 0x53525354,
    SBI_IPI = 0x735049, SBI_RFENCE = 0x52464E43, SBI_MISSING = 0x0A0B0C0D,
};

static void put_char(char c) { sbi_call(SBI_LEGACY_PUTCHAR, 0, c, 0); }
static void put(const char *s) { while (*s) put_char(*s++); }
static void put_hex(uint64_t v)
{
    put("0x");
    int shift = 60;
    while (shift > 0 && ((v >> shift) & 0xF) == 0) shift -= 4;
    for (; shift >= 0; shift -= 4) put_char("0123456789abcdef"[(v >> shift) & 0xF]);
}
static void put_dec(uint64_t v)
{
    char digits[24];
    int n = 0;
    do { digits[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) put_char(digits[--n]);
}

/* ---- the flattened device tree (big-endian) ---- */
static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}
static uint64_t be64(const void *p) { return (uint64_t)be32(p) << 32 | be32((const uint8_t *)p + 4); }
static int same(const char *a, const char *b) { while (*a && *a == *b) { a++; b++; } return *a == *b; }
static int starts_with(const char *s, const char *prefix) { while (*prefix) if (*s++ != *prefix++) return 0; return 1; }

static uint64_t initrd_start, initrd_end, memory_size;
static const char *bootargs;

static void read_device_tree(const uint8_t *fdt)
{
    const uint8_t *structs = fdt + be32(fdt + 8);
    const char *strings = (const char *)fdt + be32(fdt + 12);
    int depth = 0, in_chosen = 0, in_memory = 0;
    for (const uint8_t *p = structs;;) {
        uint32_t token = be32(p);
        p += 4;
        if (token == 1) { /* FDT_BEGIN_NODE */
            const char *name = (const char *)p;
            depth++;
            if (depth == 2) { in_chosen = same(name, "chosen"); in_memory = starts_with(name, "memory@"); }
            while (*p) p++;
            p = (const uint8_t *)(((uintptr_t)p + 4) & ~(uintptr_t)3);
        } else if (token == 2) { /* FDT_END_NODE */
            if (depth-- == 2) in_chosen = in_memory = 0;
        } else if (token == 3) { /* FDT_PROP */
            uint32_t length = be32(p), name = be32(p + 4);
            const uint8_t *value = p + 8;
            const char *prop = strings + name;
            if (in_chosen && same(prop, "bootargs")) bootargs = (const char *)value;
            if (in_chosen && same(prop, "linux,initrd-start")) initrd_start = length == 8 ? be64(value) : be32(value);
            if (in_chosen && same(prop, "linux,initrd-end")) initrd_end = length == 8 ? be64(value) : be32(value);
            if (in_memory && same(prop, "reg") && length >= 16) memory_size = be64(value + 8);
            p = (const uint8_t *)(((uintptr_t)(value + length) + 3) & ~(uintptr_t)3);
        } else if (token == 9) { /* FDT_END */
            break;
        }
    }
}

/* ---- traps ---- */
static volatile int timer_fired;

void trap_handler(uint64_t cause, uint64_t tval)
{
    if (cause == (1ULL << 63 | 5)) {
        put("payload: supervisor timer interrupt\n");
        sbi_call(SBI_TIME, 0, -1, 0); /* no next event: clears sip.STIP */
        timer_fired = 1;
        return;
    }
    put("payload: exception cause ");
    put_dec(cause);
    put(" tval ");
    put_hex(tval);
    put("\n");
    uint64_t sepc;
    __asm__ volatile("csrr %0, sepc" : "=r"(sepc));
    uint16_t low = *(volatile uint16_t *)sepc;
    __asm__ volatile("csrw sepc, %0" : : "r"(sepc + ((low & 3) == 3 ? 4 : 2)));
}

static uint64_t read_time(void)
{
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

void payload_main(uint64_t hart, const uint8_t *fdt)
{
    put("payload: started in S-mode on hart ");
    put_dec(hart);
    put(", device tree magic ");
    put_hex(be32(fdt));
    put("\n");

    struct sbiret version = sbi_call(SBI_BASE, 0, 0, 0);
    put("payload: SBI spec ");
    put_dec((uint64_t)version.value >> 24 & 0x7F);
    put(".");
    put_dec((uint64_t)version.value & 0xFFFFFF);
    put(", implementation ");
    put_dec((uint64_t)sbi_call(SBI_BASE, 1, 0, 0).value);
    put("\n");
    static const struct { long id; const char *name; } extensions[] = {
        { SBI_TIME, "TIME" }, { SBI_IPI, "IPI" }, { SBI_RFENCE, "RFENCE" }, { SBI_HSM, "HSM" }, { SBI_SRST, "SRST" },
        { SBI_MISSING, "0x0a0b0c0d" },
    };
    for (unsigned i = 0; i < sizeof extensions / sizeof extensions[0]; i++) {
        put("payload: extension ");
        put(extensions[i].name);
        put(sbi_call(SBI_BASE, 3, extensions[i].id, 0).value ? " present\n" : " absent\n");
    }
    struct sbiret status = sbi_call(SBI_HSM, 2, (long)hart, 0);
    put("payload: HSM status of this hart ");
    put_dec((uint64_t)status.value);
    put(", of hart 7: error ");
    put_dec((uint64_t)-sbi_call(SBI_HSM, 2, 7, 0).error);
    put("\n");

    read_device_tree(fdt);
    put("payload: memory ");
    put_dec(memory_size >> 20);
    put(" MiB, bootargs \"");
    put(bootargs ? bootargs : "(none)");
    put("\"\n");
    if (initrd_end > initrd_start) {
        put("payload: initrd of ");
        put_dec(initrd_end - initrd_start);
        put(" bytes, page-aligned ");
        put_dec((initrd_start & 0xFFF) == 0);
        put(", first line: ");
        for (const char *c = (const char *)initrd_start; c < (const char *)initrd_end && *c != '\n'; c++) put_char(*c);
        put("\n");
    } else {
        put("payload: no initrd\n");
    }

    /* A timer interrupt through SBI's TIME extension (or Sstc, which the firmware may use for it). */
    __asm__ volatile("csrs sie, %0" : : "r"(1 << 5));
    uint64_t start = read_time();
    sbi_call(SBI_TIME, 0, (long)(start + 10000), 0);
    __asm__ volatile("csrs sstatus, %0" : : "r"(1 << 1));
    while (!timer_fired) __asm__ volatile("wfi");
    __asm__ volatile("csrc sstatus, %0" : : "r"(1 << 1));
    put("payload: time advanced by at least 10000 ticks: ");
    put_dec(read_time() - start >= 10000);
    put("\n");

    /* An M-mode CSR read from S-mode: illegal, which the firmware hands back to S-mode with the instruction bits. */
    uint64_t scratch;
    __asm__ volatile(".option push\n.option norvc\ncsrr %0, mscratch\n.option pop" : "=r"(scratch));
    /* ebreak: delegated to S-mode by the firmware. */
    __asm__ volatile(".option push\n.option norvc\nebreak\n.option pop");

    put("payload: shutting down through SRST\n");
    sbi_call(SBI_SRST, 0, 0, 0);
    put("payload: still running after SRST\n");
}
