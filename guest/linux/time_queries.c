/* Clock queries. Values differ from run to run, so only their properties are printed. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timespec t) { return t.tv_sec + t.tv_nsec / 1e9; }

int main(void)
{
    struct timespec a, b, realtime, resolution;
    clock_gettime(CLOCK_MONOTONIC, &a);
    clock_gettime(CLOCK_REALTIME, &realtime);
    time_t now = time(NULL);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    printf("realtime after 2020: %d\n", realtime.tv_sec > 1577836800);
    /* glibc's time() reads CLOCK_REALTIME_COARSE, which may lag the fine clock by a tick across a second boundary. */
    printf("time() agrees with realtime: %d\n", now - realtime.tv_sec <= 1 && now - realtime.tv_sec >= -1);
    printf("gettimeofday agrees: %d\n", tv.tv_sec - realtime.tv_sec <= 1 && tv.tv_sec >= realtime.tv_sec);
    printf("nanoseconds in range: %d\n", realtime.tv_nsec >= 0 && realtime.tv_nsec < 1000000000);
    printf("clock_getres ok: %d\n", clock_getres(CLOCK_MONOTONIC, &resolution) == 0 && resolution.tv_sec == 0);
    struct timespec nap = { 0, 20 * 1000 * 1000 };
    printf("nanosleep: %d\n", nanosleep(&nap, NULL));
    clock_gettime(CLOCK_MONOTONIC, &b);
    double slept = seconds(b) - seconds(a);
    printf("monotonic advanced at least 20 ms: %d\n", slept >= 0.02);
    struct timespec until = b;
    until.tv_nsec += 10 * 1000 * 1000;
    if (until.tv_nsec >= 1000000000) { until.tv_sec++; until.tv_nsec -= 1000000000; }
    printf("clock_nanosleep absolute: %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL));
    clock_gettime(CLOCK_MONOTONIC, &a);
    printf("reached the deadline: %d\n", seconds(a) >= seconds(until));
    struct tm utc;
    time_t fixed = 1700000000;
    gmtime_r(&fixed, &utc);
    char text[64];
    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %A", &utc);
    printf("gmtime(1700000000) = %s\n", text);
    printf("clock() non-negative: %d\n", clock() >= 0);
    return 0;
}
