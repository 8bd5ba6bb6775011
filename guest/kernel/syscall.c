/* System calls that move data; every byte crosses through usercopy.h. */
#include <stdio.h>
#include "kernel.h"
#include "usercopy.h"

#define WRITE_CHUNK 64

uint8_t kbuf[KBUF_SIZE];

static long sys_write(uint64_t ubuf, size_t len)
{
    char chunk[WRITE_CHUNK];
    for (size_t done = 0; done < len; ) {
        size_t n = len - done < WRITE_CHUNK ? len - done : WRITE_CHUNK;
        /* Copy first: output stays all-or-nothing per chunk. */
        long r = user_memcpy_from(chunk, ubuf + done, n);
        if (r < 0)
            return r;
        for (size_t i = 0; i < n; i++)
            putchar(chunk[i]);
        done += n;
    }
    return (long)len;
}

static long sys_read_kbuf(uint64_t ubuf, size_t offset, size_t len)
{
    if (offset > KBUF_SIZE || len > KBUF_SIZE - offset)
        return -EINVAL;
    long r = user_memcpy_to(ubuf, kbuf + offset, len);
    return r < 0 ? r : (long)len;
}

static long sys_getname(uint64_t ubuf, size_t len)
{
    size_t n = len < PROC_NAME_SIZE ? len : PROC_NAME_SIZE;
    return user_memcpy_to(ubuf, current->name, n);
}

void syscall_dispatch(struct ktrap_frame *frame)
{
    uint64_t a0 = frame->x[REG_A0], a1 = frame->x[REG_A1], a2 = frame->x[REG_A2];
    long result;
    switch (frame->x[REG_A7]) {
    case SYS_WRITE:     result = sys_write(a0, a1); break;
    case SYS_READ_KBUF: result = sys_read_kbuf(a0, a1, a2); break;
    case SYS_FILL:      result = user_memset(a0, (int)a1, a2); break;
    case SYS_SETNAME:   result = user_strlcpy(current->name, a0, PROC_NAME_SIZE); break;
    case SYS_GETNAME:   result = sys_getname(a0, a1); break;
    case SYS_ARM_TIMER: sbi_set_timer(read_time() + a0); result = 0; break;
    default:            result = -ENOSYS; break;
    }
    frame->x[REG_A0] = (uint64_t)result;
}
