/* Signal bookkeeping without delivery: sigaction round trips, ignored and blocked self-signals, sigaltstack. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void handler(int signal) { (void)signal; }

int main(void)
{
    struct sigaction action, old;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGUSR2);
    action.sa_flags = SA_RESTART;
    printf("sigaction set: %d\n", sigaction(SIGUSR1, &action, &old));
    printf("old handler was default: %d\n", old.sa_handler == SIG_DFL);
    sigaction(SIGUSR1, NULL, &old);
    printf("read back: handler=%d restart=%d usr2 in mask=%d\n", old.sa_handler == handler,
           (old.sa_flags & SA_RESTART) != 0, sigismember(&old.sa_mask, SIGUSR2));
    printf("SIGKILL cannot be caught: %d\n", sigaction(SIGKILL, &action, NULL));

    signal(SIGUSR2, SIG_IGN);
    printf("raise ignored SIGUSR2: %d\n", raise(SIGUSR2));
    printf("raise SIGCHLD (default ignore): %d\n", raise(SIGCHLD));

    sigset_t block, previous, pending;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    printf("sigprocmask block: %d\n", sigprocmask(SIG_BLOCK, &block, &previous));
    printf("kill self SIGTERM while blocked: %d\n", kill(getpid(), SIGTERM));
    sigpending(&pending);
    printf("SIGTERM pending: %d\n", sigismember(&pending, SIGTERM));
    signal(SIGTERM, SIG_IGN);
    printf("unblock with SIGTERM now ignored: %d\n", sigprocmask(SIG_SETMASK, &previous, NULL));
    printf("still running\n");

    stack_t stack, current;
    stack.ss_sp = malloc(SIGSTKSZ);
    stack.ss_size = SIGSTKSZ;
    stack.ss_flags = 0;
    sigaltstack(NULL, &current);
    printf("altstack initially disabled: %d\n", (current.ss_flags & SS_DISABLE) != 0);
    printf("sigaltstack: %d\n", sigaltstack(&stack, NULL));
    sigaltstack(NULL, &current);
    printf("altstack set: %d size ok=%d\n", current.ss_sp == stack.ss_sp, current.ss_size == SIGSTKSZ);
    return 0;
}
