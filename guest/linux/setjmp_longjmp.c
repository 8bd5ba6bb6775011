/* setjmp/longjmp: nested jumps out of deep recursion, and values kept in volatile locals. */
#include <setjmp.h>
#include <stdio.h>

static jmp_buf outer, inner;
static int depth_reached;

static void recurse(int depth, int limit)
{
    depth_reached = depth;
    if (depth > limit)
        return; /* never: the jump below leaves first */
    if (depth == limit)
        longjmp(outer, depth);
    recurse(depth + 1, limit);
}

static int checked_divide(int a, int b)
{
    if (b == 0)
        longjmp(inner, 1);
    return a / b;
}

int main(void)
{
    for (volatile int limit = 1; limit <= 1000; limit *= 10) {
        int value = setjmp(outer);
        if (value == 0)
            recurse(0, limit);
        else
            printf("jumped back from depth %d (value %d)\n", depth_reached, value);
    }
    volatile int attempts = 0;
    int divisors[] = { 5, 0, 3, 0, 1 };
    for (volatile int i = 0; i < 5; i++) {
        if (setjmp(inner) == 0) {
            attempts++;
            printf("100/%d=%d\n", divisors[i], checked_divide(100, divisors[i]));
        } else {
            printf("division by zero caught (attempt %d)\n", attempts);
        }
    }
    sigjmp_buf saved;
    volatile int rounds = 0;
    if (sigsetjmp(saved, 1) < 3) {
        rounds++;
        siglongjmp(saved, rounds);
    }
    printf("siglongjmp rounds=%d\n", rounds);
    return 0;
}
