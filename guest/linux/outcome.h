/* How the programs here print a call's result: the value, or -1 and the errno name when it failed. Include it after
   defining _GNU_SOURCE (strerrorname_np). The text lives in one buffer: one outcome() per printf. */
#ifndef OUTCOME_H
#define OUTCOME_H
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *outcome(long result)
{
    static char text[64];
    if (result == -1)
        snprintf(text, sizeof text, "-1 %s", strerrorname_np(errno));
    else
        snprintf(text, sizeof text, "%ld", result);
    return text;
}
#endif
