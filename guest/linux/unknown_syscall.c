/* Calls a syscall number nothing implements; the kernel (and rvt) answers ENOSYS. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define UNASSIGNED_SYSCALL 400

int main(void)
{
    long result = syscall(UNASSIGNED_SYSCALL, 1, 2, 3);
    printf("syscall %d returned %ld (%s)\n", UNASSIGNED_SYSCALL, result, result < 0 ? strerror(errno) : "success");
    return 0;
}
