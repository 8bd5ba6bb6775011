#include "ulib.h"

static const char *check_prefix = "user";
static long failures;

size_t ustrlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

void uputs(const char *s)
{
    sys_write(s, ustrlen(s));
}

void uset_prefix(const char *prefix)
{
    check_prefix = prefix;
}

long ufailures(void)
{
    return failures;
}

int ucheck(int ok, const char *what)
{
    uputs(ok ? "ok " : "FAIL ");
    uputs(check_prefix);
    uputs(": ");
    uputs(what);
    uputs("\n");
    if (!ok)
        failures++;
    return ok;
}

/* Two pages so buffers can straddle a page boundary. */
static unsigned char page_pair[2 * 4096] __attribute__((aligned(4096)));
#define PAGE_END (page_pair + 4096)

static int kbuf_matches(const unsigned char *buf, size_t offset, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (buf[i] != KBUF_BYTE(offset + i))
            return 0;
    return 1;
}

static long expect_efault(long result)
{
    return result == -EFAULT;
}

long run_common_checks(void)
{
    /* Kernel data into user memory across a page boundary. */
    unsigned char *buf = PAGE_END - 100;
    ucheck(sys_read_kbuf(buf, 5, 300) == 300 && kbuf_matches(buf, 5, 300),
           "read_kbuf across a page boundary");
    ucheck(sys_read_kbuf(buf, KBUF_SIZE - 10, 20) == -EINVAL, "read_kbuf past the buffer is EINVAL");

    /* Fill across a page boundary; neighbours untouched. */
    unsigned char *fill = PAGE_END - 77;
    fill[-1] = 0x11;
    fill[200] = 0x22;
    int filled = sys_fill(fill, 0xa5, 200) == 0;
    for (int i = 0; i < 200; i++)
        filled &= fill[i] == 0xa5;
    ucheck(filled && fill[-1] == 0x11 && fill[200] == 0x22, "fill across a page boundary");

    /* Strings from user memory, one straddling the page boundary. */
    char *name = (char *)PAGE_END - 4;
    const char text[] = "crossing";
    for (size_t i = 0; i < sizeof text; i++)
        name[i] = text[i];
    ucheck(sys_setname(name) == 8, "setname across a page boundary returns its length");
    char back[PROC_NAME_SIZE + 4];
    for (size_t i = 0; i < sizeof back; i++)
        back[i] = 'x';
    ucheck(sys_getname(back, sizeof back) == 0 && back[8] == 0 && back[0] == 'c' && back[7] == 'g',
           "getname returns the name");
    ucheck(sys_setname("a-name-longer-than-fifteen") == -ENAMETOOLONG, "setname too long is ENAMETOOLONG");
    sys_getname(back, PROC_NAME_SIZE);
    ucheck(back[PROC_NAME_SIZE - 1] == 0 && back[14] == 't', "too-long name is truncated to 15 characters");

    /* Bad pointers: each is an error, never a crash. */
    /* Kernel text seen through the direct map: mapped and writable for S, so
     * only the kernel's checks keep a user from overwriting it. */
    const unsigned long kernel_address = 0xffffffc000010000ul;
    ucheck(expect_efault(sys_write((void *)USER_UNMAPPED, 10)), "write from an unmapped buffer is EFAULT");
    ucheck(expect_efault(sys_write((void *)(USER_DATA_END - 8), 16)),
           "write from a buffer running into unmapped memory is EFAULT");
    ucheck(expect_efault(sys_write((void *)kernel_address, 16)), "write from a kernel address is EFAULT");
    ucheck(expect_efault(sys_read_kbuf((void *)USER_RO_BASE, 0, 16)), "read_kbuf into the read-only page is EFAULT");
    ucheck(expect_efault(sys_read_kbuf((void *)USER_TEXT_BASE, 0, 16)), "read_kbuf into program text is EFAULT");
    ucheck(expect_efault(sys_read_kbuf((void *)kernel_address, 0, 16)), "read_kbuf into a kernel address is EFAULT");
    ucheck(expect_efault(sys_fill((void *)kernel_address, 0, 16)), "fill of a kernel address is EFAULT");
    ucheck(expect_efault(sys_fill((void *)USER_UNMAPPED, 0, 16)), "fill of an unmapped page is EFAULT");
    ucheck(expect_efault(sys_setname((const char *)kernel_address)), "setname from a kernel address is EFAULT");
    ucheck(expect_efault(sys_setname((const char *)USER_UNMAPPED)), "setname from an unmapped page is EFAULT");
    ucheck(expect_efault(sys_getname((char *)USER_RO_BASE, 4)), "getname into the read-only page is EFAULT");
    ucheck(sys_write((void *)USER_RO_BASE, 0) == 0, "write of 0 bytes is 0");
    return failures;
}

/* timebase ticks (10 MHz on virt): 1 ms */
#define TIMER_DELAY 10000

void wait_for_timer_interrupt(void)
{
    volatile unsigned long *ticks = (volatile unsigned long *)USER_TICKS_VA;
    unsigned long before = *ticks;
    ucheck(sys_arm_timer(TIMER_DELAY) == 0, "timer armed");
    while (*ticks == before)
        ;
    ucheck(*ticks == before + 1, "a timer interrupt taken in U advanced the tick count by one");
}

/* The compiler may emit calls to these for struct and array copies. */
void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}
