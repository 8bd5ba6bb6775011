/* Sockets between threads of one process: a Unix socketpair, TCP and UDP on the loopback interface, a named Unix
 * socket in the current directory (sendmsg/recvmsg with two buffers each), socket options, and the errors of a
 * refused connection, a missing socket file, an unknown domain and a send to a closed peer. Ports are ephemeral and
 * never printed, so the output does not depend on the host. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "outcome.h"

static int pair[2];

static void *echo_upper(void *arg)
{
    int fd = (int)(long)arg;
    char buffer[64];
    ssize_t got;
    while ((got = read(fd, buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < got; i++)
            buffer[i] = (char)toupper((unsigned char)buffer[i]);
        write(fd, buffer, got);
    }
    shutdown(fd, SHUT_WR); /* the reader sees the end too */
    return NULL;
}

#define BULK (1 << 20)

static void *drain(void *arg)
{
    int fd = (int)(long)arg;
    static char buffer[65536];
    long total = 0, sum = 0;
    ssize_t got;
    while ((got = read(fd, buffer, sizeof buffer)) > 0) {
        for (ssize_t i = 0; i < got; i++)
            sum += (unsigned char)buffer[i];
        total += got;
    }
    return (void *)(total * 1000 + sum % 1000);
}

static int tcp_listener;

static void *serve_one_tcp(void *arg)
{
    (void)arg;
    struct sockaddr_in peer;
    socklen_t length = sizeof peer;
    int connection = accept(tcp_listener, (struct sockaddr *)&peer, &length);
    static char result[80];
    snprintf(result, sizeof result, "accepted from %s, length %d", inet_ntoa(peer.sin_addr), (int)length);
    echo_upper((void *)(long)connection);
    close(connection);
    return result;
}

static int unix_listener;

static void *serve_one_unix(void *arg)
{
    (void)arg;
    int connection = accept4(unix_listener, NULL, NULL, SOCK_CLOEXEC);
    char first[4], second[12]; /* exactly what the client sends, for MSG_WAITALL */
    struct iovec parts[2] = { { first, sizeof first }, { second, sizeof second } };
    struct msghdr message = { .msg_iov = parts, .msg_iovlen = 2 };
    ssize_t got = recvmsg(connection, &message, MSG_WAITALL);
    static char result[80];
    snprintf(result, sizeof result, "recvmsg %zd: [%.4s] [%.*s]", got, first, (int)(got - 4), second);
    close(connection);
    return result;
}

int main(void)
{
    pthread_t thread;
    void *result;
    char buffer[64];

    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    pthread_create(&thread, NULL, echo_upper, (void *)(long)pair[1]);
    write(pair[0], "through a socketpair", 20);
    ssize_t got = read(pair[0], buffer, sizeof buffer);
    printf("socketpair: %.*s\n", (int)got, buffer);
    shutdown(pair[0], SHUT_WR);
    pthread_join(thread, NULL);
    printf("read after the peer's end: %s\n", outcome(read(pair[0], buffer, sizeof buffer)));
    close(pair[0]);
    close(pair[1]);

    tcp_listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int yes = 1;
    printf("SO_REUSEADDR: %s\n", outcome(setsockopt(tcp_listener, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes)));
    int type = 0;
    socklen_t type_length = sizeof type;
    getsockopt(tcp_listener, SOL_SOCKET, SO_TYPE, &type, &type_length);
    printf("SO_TYPE: %d (stream %d), length %d\n", type, SOCK_STREAM, (int)type_length);
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    printf("bind: %s\n", outcome(bind(tcp_listener, (struct sockaddr *)&address, sizeof address)));
    printf("listen: %s\n", outcome(listen(tcp_listener, 4)));
    socklen_t length = sizeof address;
    getsockname(tcp_listener, (struct sockaddr *)&address, &length);
    printf("bound to %s, a port chosen: %d\n", inet_ntoa(address.sin_addr), ntohs(address.sin_port) != 0);
    pthread_create(&thread, NULL, serve_one_tcp, NULL);
    int client = socket(AF_INET, SOCK_STREAM, 0);
    printf("connect: %s\n", outcome(connect(client, (struct sockaddr *)&address, sizeof address)));
    send(client, "tcp hello", 9, 0);
    shutdown(client, SHUT_WR); /* the server's loop ends; MSG_WAITALL below then ends at its reply's end */
    got = recv(client, buffer, sizeof buffer, MSG_WAITALL);
    printf("tcp echo: %.*s\n", (int)got, buffer);
    close(client);
    pthread_join(thread, &result);
    printf("server: %s\n", (char *)result);

    int refused = socket(AF_INET, SOCK_STREAM, 0);
    close(tcp_listener); /* nobody listens on that port now */
    printf("connect to a closed port: %s\n", outcome(connect(refused, (struct sockaddr *)&address, sizeof address)));
    close(refused);

    int receiver = socket(AF_INET, SOCK_DGRAM, 0), sender = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in udp = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    bind(receiver, (struct sockaddr *)&udp, sizeof udp);
    length = sizeof udp;
    getsockname(receiver, (struct sockaddr *)&udp, &length);
    printf("sendto: %s\n", outcome(sendto(sender, "datagram", 8, 0, (struct sockaddr *)&udp, sizeof udp)));
    struct sockaddr_in from;
    socklen_t from_length = sizeof from;
    got = recvfrom(receiver, buffer, sizeof buffer, 0, (struct sockaddr *)&from, &from_length);
    printf("recvfrom: %.*s from %s (family %d)\n", (int)got, buffer, inet_ntoa(from.sin_addr), from.sin_family);
    printf("recvfrom with MSG_DONTWAIT on an empty socket: %s\n", outcome(recvfrom(receiver, buffer, sizeof buffer, MSG_DONTWAIT, NULL, NULL)));
    close(receiver);
    close(sender);

    unlink("sock");
    unix_listener = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un name = { .sun_family = AF_UNIX };
    strcpy(name.sun_path, "sock");
    printf("bind sock: %s\n", outcome(bind(unix_listener, (struct sockaddr *)&name, sizeof name)));
    printf("bind it again: %s\n", outcome(bind(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&name, sizeof name)));
    listen(unix_listener, 1);
    printf("access(sock): %s\n", outcome(access("sock", F_OK)));
    pthread_create(&thread, NULL, serve_one_unix, NULL);
    client = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("connect sock: %s\n", outcome(connect(client, (struct sockaddr *)&name, sizeof name)));
    struct iovec parts[2] = { { "head", 4 }, { "and the", 7 } };
    struct msghdr message = { .msg_iov = parts, .msg_iovlen = 2 };
    printf("sendmsg: %s\n", outcome(sendmsg(client, &message, 0)));
    usleep(20 * 1000); /* the server's MSG_WAITALL has the first 11 bytes by now and waits for the rest */
    printf("send: %s\n", outcome(send(client, " body", 5, 0)));
    pthread_join(thread, &result);
    printf("server: %s\n", (char *)result);
    close(client);
    close(unix_listener);
    unlink("sock");

    strcpy(name.sun_path, "missing");
    client = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("connect to a missing socket: %s\n", outcome(connect(client, (struct sockaddr *)&name, sizeof name)));
    close(client);
    printf("socket(12345): %s\n", outcome(socket(12345, SOCK_STREAM, 0)));
    printf("socketpair(AF_INET): %s\n", outcome(socketpair(AF_INET, SOCK_STREAM, 0, pair)));

    /* One send of more than the socket buffers hold: it returns when the reader thread has taken it all. */
    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    pthread_create(&thread, NULL, drain, (void *)(long)pair[1]);
    static char bulk[BULK];
    for (int i = 0; i < BULK; i++)
        bulk[i] = (char)(i * 13);
    printf("send of %d bytes: %s\n", BULK, outcome(send(pair[0], bulk, BULK, 0)));
    shutdown(pair[0], SHUT_WR);
    pthread_join(thread, &result);
    printf("the reader got %ld bytes, checksum %ld\n", (long)result / 1000, (long)result % 1000);
    close(pair[0]);
    close(pair[1]);

    signal(SIGPIPE, SIG_IGN);
    socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
    close(pair[1]);
    printf("send to a closed peer: %s\n", outcome(send(pair[0], "x", 1, 0)));
    printf("with MSG_NOSIGNAL: %s\n", outcome(send(pair[0], "x", 1, MSG_NOSIGNAL)));
    return 0;
}
