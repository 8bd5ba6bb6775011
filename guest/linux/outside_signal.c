/* Waits for a signal sent from outside: prints "ready", then spins ("busy") or sleeps in a loop ("sleep") until a
 * SIGINT or SIGTERM handler has run, or spins with the default actions in place ("default"). Run by
 * UserModeBehaviourTests, which sends rvt the signal. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t received;

static void handler(int signal) { received = signal; }

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "busy";
    if (strcmp(mode, "default") != 0) {
        signal(SIGINT, handler);
        signal(SIGTERM, handler);
    }
    printf("ready\n");
    fflush(stdout);
    unsigned long spins = 0;
    while (!received) {
        if (strcmp(mode, "sleep") == 0) {
            struct timespec pause = { 0, 10000000 };
            nanosleep(&pause, NULL);
        } else {
            spins++;
        }
    }
    printf("got signal %d\n", received);
    return spins == 0 && strcmp(mode, "busy") == 0;
}
