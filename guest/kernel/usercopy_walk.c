/* (b) software walk: look up each user page in the current process's table,
 * check V/U and R or W, and copy through the kernel's direct map. */
#include <string.h>
#include "usercopy.h"

/* The direct-map address of user va, or NULL when the page lacks the
 * permission (PTE_R or PTE_W). */
static uint8_t *user_page_address(uint64_t va, uint64_t need)
{
    if (va >= USER_VA_END)
        return NULL;
    pte_t *pte = vm_walk(current_root, va);
    if (!pte || (*pte & (PTE_V | PTE_U | need)) != (PTE_V | PTE_U | need))
        return NULL;
    /* User mappings are 4 KiB leaves (vm_map_user_page). */
    uint64_t pa = (*pte >> PTE_PPN_SHIFT) << PAGE_SHIFT;
    return (uint8_t *)pa_to_direct(pa) + (va & (PAGE_SIZE - 1));
}

/* Bytes from va to the end of its 4 KiB page, at most n. */
static size_t chunk_length(uint64_t va, size_t n)
{
    size_t left = PAGE_SIZE - (va & (PAGE_SIZE - 1));
    return n < left ? n : left;
}

long user_memcpy_to_walk(uint64_t udst, const void *ksrc, size_t n)
{
    if (!user_range_ok(udst, n))
        return -EFAULT;
    const uint8_t *src = ksrc;
    while (n) {
        size_t len = chunk_length(udst, n);
        uint8_t *dst = user_page_address(udst, PTE_W);
        if (!dst)
            return -EFAULT;
        memcpy(dst, src, len);
        udst += len;
        src += len;
        n -= len;
    }
    return 0;
}

long user_memcpy_from_walk(void *kdst, uint64_t usrc, size_t n)
{
    if (!user_range_ok(usrc, n))
        return -EFAULT;
    uint8_t *dst = kdst;
    while (n) {
        size_t len = chunk_length(usrc, n);
        const uint8_t *src = user_page_address(usrc, PTE_R);
        if (!src)
            return -EFAULT;
        memcpy(dst, src, len);
        usrc += len;
        dst += len;
        n -= len;
    }
    return 0;
}

long user_memset_walk(uint64_t udst, int c, size_t n)
{
    if (!user_range_ok(udst, n))
        return -EFAULT;
    while (n) {
        size_t len = chunk_length(udst, n);
        uint8_t *dst = user_page_address(udst, PTE_W);
        if (!dst)
            return -EFAULT;
        memset(dst, c, len);
        udst += len;
        n -= len;
    }
    return 0;
}

long user_strlcpy_walk(char *kdst, uint64_t usrc, size_t size)
{
    /* Scan at most size bytes: the string and its NUL. */
    size_t copied = 0;
    while (copied < size) {
        size_t len = chunk_length(usrc, size - copied);
        const char *src = (const char *)user_page_address(usrc, PTE_R);
        if (!src) {
            kdst[copied < size ? copied : size - 1] = 0;
            return -EFAULT;
        }
        for (size_t i = 0; i < len; i++) {
            kdst[copied] = src[i];
            if (!src[i])
                return (long)copied;
            copied++;
        }
        usrc += len;
    }
    kdst[size - 1] = 0;
    return -ENAMETOOLONG;
}
