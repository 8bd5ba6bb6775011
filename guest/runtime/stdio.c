/* Hooks picolibc's stdout/stderr and _exit to the linked back-end. */
#include <stdio.h>
#include "runtime.h"

static int stream_put(char c, FILE *file)
{
    (void)file;
    console_putc(c);
    return (unsigned char)c;
}

static int stream_flush(FILE *file)
{
    (void)file;
    console_flush();
    return 0;
}

static FILE console_stream = FDEV_SETUP_STREAM(stream_put, NULL, stream_flush, _FDEV_SETUP_WRITE);

FILE *const stdin = &console_stream;
FILE *const stdout = &console_stream;
FILE *const stderr = &console_stream;

void _exit(int code)
{
    console_flush();
    machine_exit(code);
}
