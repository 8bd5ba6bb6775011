/* epoll over pipes and an eventfd: level- and edge-triggered readiness, the data word coming back as given, modify
   and delete, timeouts, EPOLLONESHOT, an interval timer's signal ending a wait, and the error cases. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/time.h>
#include <unistd.h>

#include "outcome.h"

static void on_alarm(int signal) { (void)signal; }

static void show(const char *label, int count, struct epoll_event *events)
{
    printf("%s: %s", label, outcome(count));
    for (int i = 0; i < count; i++)
        printf(" [events %#x data %#llx]", events[i].events, (unsigned long long)events[i].data.u64);
    printf("\n");
}

int main(void)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    printf("epoll_create1 cloexec: %d\n", fcntl(ep, F_GETFD));
    int pipe_fds[2];
    pipe(pipe_fds);
    int counter = eventfd(0, EFD_NONBLOCK);
    struct epoll_event event = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ULL };
    printf("add pipe reader: %s\n", outcome(epoll_ctl(ep, EPOLL_CTL_ADD, pipe_fds[0], &event)));
    printf("add it again: %s\n", outcome(epoll_ctl(ep, EPOLL_CTL_ADD, pipe_fds[0], &event)));
    event.events = EPOLLIN | EPOLLET;
    event.data.u64 = 0xabc;
    printf("add eventfd edge-triggered: %s\n", outcome(epoll_ctl(ep, EPOLL_CTL_ADD, counter, &event)));

    struct epoll_event events[8];
    show("nothing ready, 0 ms", epoll_wait(ep, events, 8, 0), events);
    show("nothing ready, 30 ms", epoll_wait(ep, events, 8, 30), events);
    write(pipe_fds[1], "x", 1);
    uint64_t one = 1;
    write(counter, &one, 8);
    show("both ready", epoll_wait(ep, events, 8, 100), events);
    show("level stays, edge does not", epoll_wait(ep, events, 8, 0), events);
    show("max 1", epoll_wait(ep, events, 1, 0), events);

    event.events = EPOLLOUT;
    event.data.u64 = 7;
    printf("modify pipe reader to EPOLLOUT: %s\n", outcome(epoll_ctl(ep, EPOLL_CTL_MOD, pipe_fds[0], &event)));
    show("a reader is never writable", epoll_wait(ep, events, 8, 0), events);
    event.events = EPOLLOUT | EPOLLONESHOT;
    event.data.u64 = 9;
    printf("add writer one-shot: %s\n", outcome(epoll_ctl(ep, EPOLL_CTL_ADD, pipe_fds[1], &event)));
    show("writer once", epoll_wait(ep, events, 8, 0), events);
    show("then disarmed", epoll_wait(ep, events, 8, 0), events);
    printf("delete writer: %s\n", outcome(epoll_ctl(ep, EPOLL_CTL_DEL, pipe_fds[1], NULL)));
    printf("delete it again: %s\n", outcome(epoll_ctl(ep, EPOLL_CTL_DEL, pipe_fds[1], NULL)));
    printf("modify something not added: %s\n", outcome(epoll_ctl(ep, EPOLL_CTL_MOD, pipe_fds[1], &event)));

    close(pipe_fds[1]);
    event.events = EPOLLIN;
    event.data.u64 = 5;
    epoll_ctl(ep, EPOLL_CTL_MOD, pipe_fds[0], &event);
    char byte;
    read(pipe_fds[0], &byte, 1);
    show("writer closed: hang-up", epoll_wait(ep, events, 8, 0), events);

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_alarm;
    sigaction(SIGALRM, &action, NULL);
    struct itimerval timer = { { 0, 0 }, { 0, 20000 } };
    setitimer(ITIMER_REAL, &timer, NULL);
    int quiet = eventfd(0, 0);
    int ep2 = epoll_create1(0);
    event.events = EPOLLIN;
    epoll_ctl(ep2, EPOLL_CTL_ADD, quiet, &event);
    show("a timer's signal ends the wait", epoll_wait(ep2, events, 8, -1), events);

    printf("bad op: %s\n", outcome(epoll_ctl(ep, 9, counter, &event)));
    printf("bad fd: %s\n", outcome(epoll_ctl(ep, EPOLL_CTL_ADD, 99, &event)));
    printf("epoll on itself: %s\n", outcome(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &event)));
    printf("wait with max 0: %s\n", outcome(epoll_wait(ep, events, 0, 0)));
    printf("wait on a non-epoll fd: %s\n", outcome(epoll_wait(counter, events, 8, 0)));
    printf("wait on a bad fd: %s\n", outcome(epoll_wait(99, events, 8, 0)));
    printf("create with bad flags: %s\n", outcome(epoll_create1(1)));
    return 0;
}
