/* Signal handlers: self-sent signals (raise, kill), SA_SIGINFO, the handler's own signal blocked, SA_NODEFER, SA_RESETHAND,
 * signals left pending while blocked, faults caught and recovered (SIGSEGV, SIGILL, SIGBUS), the ucontext a handler
 * sees and may change, the alternate stack, the FP state across a handler, and SIGPIPE. With an argument,
 * "bad-altstack" (no room for the frame: SIGSEGV) or "abort-handler" (abort() ends the process after its handler). */
#define _GNU_SOURCE
#include <errno.h>
#include <fenv.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ucontext.h>
#include <unistd.h>

static volatile sig_atomic_t count, nested, depth, max_depth, order[8], order_length;
static volatile int last_code, last_signo, pid_matches;
static volatile uintptr_t last_address;
static sigjmp_buf recover;

static void set_action(int signal, void (*handler)(int, siginfo_t *, void *), int flags, int masked)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handler;
    action.sa_flags = flags | SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    if (masked)
        sigaddset(&action.sa_mask, masked);
    if (sigaction(signal, &action, NULL) != 0)
        perror("sigaction");
}

static void counting(int signal, siginfo_t *info, void *context)
{
    (void)context;
    count++;
    last_signo = info->si_signo;
    last_code = info->si_code;
    pid_matches = info->si_pid == getpid();
    if (order_length < 8)
        order[order_length++] = signal;
}

static void plain(int signal) { count += signal; }

static void raises_again(int signal, siginfo_t *info, void *context)
{
    (void)info, (void)context;
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (order_length < 8)
        order[order_length++] = signal;
    if (count++ < 2)
        raise(signal);
    depth--;
}

static volatile int other_blocked;

static void raises_other(int signal, siginfo_t *info, void *context)
{
    (void)info, (void)context;
    if (order_length < 8)
        order[order_length++] = signal;
    if (signal == SIGUSR1)
    {
        sigset_t now;
        sigprocmask(SIG_BLOCK, NULL, &now);
        other_blocked = sigismember(&now, SIGUSR2) * 2 + sigismember(&now, SIGUSR1);
        raise(SIGUSR2);
    }
    if (order_length < 8)
        order[order_length++] = -signal;
}

static void jump_back(int signal, siginfo_t *info, void *context)
{
    (void)context;
    last_signo = signal;
    last_code = info->si_code;
    last_address = (uintptr_t)info->si_addr;
    siglongjmp(recover, 1);
}

static char *protected_page;

static void unprotect(int signal, siginfo_t *info, void *context)
{
    (void)signal, (void)context;
    last_address = (uintptr_t)info->si_addr;
    last_code = info->si_code;
    count++;
    mprotect(protected_page, 4096, PROT_READ | PROT_WRITE);
}

static void skip_instruction(int signal, siginfo_t *info, void *context)
{
    ucontext_t *uc = context;
    last_signo = signal;
    last_address = (uintptr_t)info->si_addr;
    pid_matches = uc->uc_mcontext.__gregs[REG_PC] == (unsigned long)info->si_addr;
    uc->uc_mcontext.__gregs[REG_PC] += 4;
    uc->uc_mcontext.__gregs[REG_A0] = 1234; /* the interrupted code sees this in a0 */
}

static char alternate[65536];
static volatile int on_alternate, altstack_flags;

static void check_stack(int signal, siginfo_t *info, void *context)
{
    (void)signal, (void)info;
    char local;
    ucontext_t *uc = context;
    on_alternate = &local >= alternate && &local < alternate + sizeof alternate;
    altstack_flags = uc->uc_stack.ss_flags;
}

static volatile double fp_in_handler;

static void fp_handler(int signal)
{
    (void)signal;
    fesetround(FE_DOWNWARD);
    volatile double x = 1.0, y = 3.0;
    fp_in_handler = x / y;
}

static void print_order(const char *what)
{
    printf("%s:", what);
    for (int i = 0; i < order_length; i++)
        printf(" %d", order[i]);
    printf("\n");
    order_length = 0;
}

/* An illegal instruction whose result register a0 the SIGILL handler sets. */
static long illegal_returning_a0(void)
{
    register long a0 __asm__("a0") = 7;
    __asm__ volatile(".word 0" : "+r"(a0) : : "memory");
    return a0;
}

static void returns(int signal)
{
    printf("handler for %d returned\n", signal);
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && strcmp(argv[1], "bad-altstack") == 0)
    {
        /* No frame can be written on this alternate stack: the kernel kills the process with SIGSEGV. */
        stack_t bad = { .ss_sp = (void *)0x1000, .ss_size = 65536, .ss_flags = 0 };
        printf("sigaltstack: %d\n", sigaltstack(&bad, NULL));
        set_action(SIGUSR1, counting, SA_ONSTACK, 0);
        raise(SIGUSR1);
        printf("never\n");
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "abort-handler") == 0)
    {
        /* abort() runs the handler, then ends the process with SIGABRT all the same. */
        signal(SIGABRT, returns);
        abort();
    }

    set_action(SIGUSR1, counting, 0, 0);
    printf("raise: %d\n", raise(SIGUSR1));
    printf("handled %d signo %d code %d (SI_TKILL %d) pid matches %d\n", count, last_signo, last_code, SI_TKILL, pid_matches);
    printf("kill: %d\n", kill(getpid(), SIGUSR1));
    printf("handled %d code %d (SI_USER %d) pid matches %d\n", count, last_code, SI_USER, pid_matches);

    signal(SIGUSR2, plain);
    count = 0;
    raise(SIGUSR2);
    printf("signal() handler ran: %d\n", count == SIGUSR2);

    /* The handler's own signal is blocked while it runs: the second raise waits until it returns. */
    count = depth = max_depth = 0;
    set_action(SIGUSR1, raises_again, 0, 0);
    raise(SIGUSR1);
    printf("deferred: runs %d max depth %d\n", count, max_depth);
    print_order("order");
    count = depth = max_depth = 0;
    set_action(SIGUSR1, raises_again, SA_NODEFER, 0);
    raise(SIGUSR1);
    printf("SA_NODEFER: runs %d max depth %d\n", count, max_depth);
    order_length = 0;

    /* A signal raised in a handler that does not block it runs nested. (sa_mask is not compared here:
     * qemu-riscv64 7.2 does not apply it; UserModeBehaviourTests checks it.) */
    set_action(SIGUSR2, raises_other, 0, 0);
    set_action(SIGUSR1, raises_other, 0, 0);
    raise(SIGUSR1);
    print_order("nested");
    printf("in the handler: SIGUSR2 blocked %d, SIGUSR1 blocked %d\n", other_blocked >> 1, other_blocked & 1);

    /* Blocked: pending until unblocked, then handled before sigprocmask returns. */
    set_action(SIGUSR1, counting, 0, 0);
    count = 0;
    sigset_t block, old, pending;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, &old);
    raise(SIGUSR1);
    raise(SIGUSR1);
    sigpending(&pending);
    printf("blocked: handled %d pending %d\n", count, sigismember(&pending, SIGUSR1));
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("unblocked: handled %d (standard signals do not queue)\n", count);

    /* SA_RESETHAND: the action is back to the default after one run. */
    set_action(SIGCHLD, counting, SA_RESETHAND, 0);
    count = 0;
    raise(SIGCHLD);
    raise(SIGCHLD);
    struct sigaction now;
    sigaction(SIGCHLD, NULL, &now);
    printf("SA_RESETHAND: handled %d, now default %d\n", count, now.sa_handler == SIG_DFL);

    /* Faults: caught, reported with si_addr and si_code, left by siglongjmp. */
    set_action(SIGSEGV, jump_back, 0, 0);
    volatile int *wild = (int *)16;
    if (sigsetjmp(recover, 1) == 0)
        printf("never %d\n", *wild);
    printf("SIGSEGV load: signo %d code %d (SEGV_MAPERR %d) address %#lx\n", last_signo, last_code, SEGV_MAPERR, (unsigned long)last_address);
    char *readonly = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (sigsetjmp(recover, 1) == 0)
        readonly[100] = 1;
    printf("SIGSEGV store: code %d (SEGV_ACCERR %d) offset %ld\n", last_code, SEGV_ACCERR, (long)(last_address - (uintptr_t)readonly));
    sigset_t current;
    sigprocmask(SIG_BLOCK, NULL, &current);
    printf("siglongjmp restored the mask: SIGSEGV blocked %d\n", sigismember(&current, SIGSEGV));

    /* A handler that removes the cause: the store runs again and succeeds. */
    protected_page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    set_action(SIGSEGV, unprotect, 0, 0);
    count = 0;
    *(volatile char *)(protected_page + 8) = 42;
    printf("retried store: handled %d value %d code %d offset %ld\n", count, *(volatile char *)(protected_page + 8), last_code,
           (long)(last_address - (uintptr_t)protected_page));

    /* SIGILL: the handler sees the pc in its ucontext and moves it past the instruction, and sets a0. */
    set_action(SIGILL, skip_instruction, 0, 0);
    long a0 = illegal_returning_a0();
    printf("SIGILL: signo %d pc matches si_addr %d, a0 after %ld\n", last_signo, pid_matches, a0);

    /* The alternate stack. */
    stack_t stack = { .ss_sp = alternate, .ss_size = sizeof alternate, .ss_flags = 0 };
    sigaltstack(&stack, NULL);
    set_action(SIGUSR1, check_stack, SA_ONSTACK, 0);
    raise(SIGUSR1);
    printf("SA_ONSTACK: on alternate %d, uc_stack flags %d\n", on_alternate, altstack_flags);
    set_action(SIGUSR1, check_stack, 0, 0);
    raise(SIGUSR1);
    printf("without SA_ONSTACK: on alternate %d\n", on_alternate);

    /* The FP state: the handler's rounding mode and flags do not leak out. */
    signal(SIGUSR2, fp_handler);
    fesetround(FE_UPWARD);
    feclearexcept(FE_ALL_EXCEPT);
    raise(SIGUSR2);
    volatile double x = 1.0, y = 3.0;
    double upward = x / y;
    printf("FP: rounding still upward %d, handler ran %d, inexact before main's division %d\n",
           fegetround() == FE_UPWARD, fp_in_handler != 0, upward > 0.3333333333333333);
    fesetround(FE_TONEAREST);

    /* SIGPIPE with a handler: write fails with EPIPE after the handler ran. */
    set_action(SIGPIPE, counting, 0, 0);
    count = 0;
    int fds[2];
    pipe(fds);
    close(fds[0]);
    errno = 0;
    long written = write(fds[1], "x", 1);
    printf("SIGPIPE: write %ld errno EPIPE %d handled %d signo %d\n", written, errno == EPIPE, count, last_signo);
    return 0;
}
