/* A state machine: a table-free tokenizer for arithmetic expressions plus a
 * recursive-descent evaluator, over generated expression text. */
#include <stdio.h>
#include "bench_util.h"

#ifndef ITERATIONS
#define ITERATIONS 1750
#endif

#define TEXT_SIZE 8192
#define MAX_TOKENS 4096

enum token_kind { TOKEN_NUMBER, TOKEN_NAME, TOKEN_OPERATOR, TOKEN_OPEN, TOKEN_CLOSE, TOKEN_END };

struct token {
    enum token_kind kind;
    int64_t value;      /* number value, name hash or operator character */
};

enum lexer_state { IN_SPACE, IN_NUMBER, IN_NAME, IN_COMMENT };

static char text[TEXT_SIZE];
static struct token tokens[MAX_TOKENS];
static unsigned token_count, position;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_letter(char c) { return (c >= 'a' && c <= 'z') || c == '_'; }

static void emit(enum token_kind kind, int64_t value)
{
    if (token_count < MAX_TOKENS - 1)
        tokens[token_count++] = (struct token){ kind, value };
}

static void tokenize(const char *p)
{
    enum lexer_state state = IN_SPACE;
    int64_t accumulator = 0;
    token_count = 0;
    for (;; p++) {
        char c = *p;
        switch (state) {
        case IN_NUMBER:
            if (is_digit(c)) {
                accumulator = accumulator * 10 + (c - '0');
                continue;
            }
            emit(TOKEN_NUMBER, accumulator);
            break;
        case IN_NAME:
            if (is_letter(c) || is_digit(c)) {
                accumulator = accumulator * 31 + c;
                continue;
            }
            emit(TOKEN_NAME, accumulator);
            break;
        case IN_COMMENT:
            if (c == '\n')
                state = IN_SPACE;
            if (c)
                continue;
            break;
        case IN_SPACE:
            break;
        }
        state = IN_SPACE;
        if (c == 0)
            break;
        if (is_digit(c)) {
            state = IN_NUMBER;
            accumulator = c - '0';
        } else if (is_letter(c)) {
            state = IN_NAME;
            accumulator = c;
        } else if (c == '#') {
            state = IN_COMMENT;
        } else if (c == '(') {
            emit(TOKEN_OPEN, c);
        } else if (c == ')') {
            emit(TOKEN_CLOSE, c);
        } else if (c == '+' || c == '-' || c == '*' || c == '/' || c == '%') {
            emit(TOKEN_OPERATOR, c);
        }
    }
    tokens[token_count].kind = TOKEN_END;
}

static int64_t parse_sum(void);

static int64_t parse_primary(void)
{
    struct token t = tokens[position];
    if (t.kind == TOKEN_END)
        return 0;
    position++;
    if (t.kind == TOKEN_NUMBER)
        return t.value;
    if (t.kind == TOKEN_NAME)
        return t.value & 0xff;
    if (t.kind == TOKEN_OPEN) {
        int64_t v = parse_sum();
        if (tokens[position].kind == TOKEN_CLOSE)
            position++;
        return v;
    }
    if (t.kind == TOKEN_OPERATOR && t.value == '-')
        return -parse_primary();
    return 0;
}

static int64_t parse_product(void)
{
    int64_t v = parse_primary();
    while (tokens[position].kind == TOKEN_OPERATOR &&
           (tokens[position].value == '*' || tokens[position].value == '/' || tokens[position].value == '%')) {
        char op = (char)tokens[position++].value;
        int64_t rhs = parse_primary();
        if (op == '*')
            v *= rhs;
        else if (rhs != 0)
            v = op == '/' ? v / rhs : v % rhs;
    }
    return v;
}

static int64_t parse_sum(void)
{
    int64_t v = parse_product();
    while (tokens[position].kind == TOKEN_OPERATOR &&
           (tokens[position].value == '+' || tokens[position].value == '-')) {
        char op = (char)tokens[position++].value;
        int64_t rhs = parse_product();
        v = op == '+' ? v + rhs : v - rhs;
    }
    return v;
}

/* Writes a random expression; returns the new end. */
static char *generate(char *out, char *end, uint64_t *seed, int depth)
{
    static const char operators[] = "+-*/%";
    static const char *const names[] = { "alpha", "beta_2", "x", "counter", "z9" };
    unsigned terms = 1 + next_random(seed) % 4;
    for (unsigned t = 0; t < terms && out < end - 48; t++) {
        if (t)
            *out++ = operators[next_random(seed) % 5], *out++ = ' ';
        uint64_t choice = next_random(seed) % 8;
        if (choice < 2 && depth < 4) {
            *out++ = '(';
            out = generate(out, end, seed, depth + 1);
            *out++ = ')';
        } else if (choice < 3) {
            for (const char *n = names[next_random(seed) % 5]; *n; n++)
                *out++ = *n;
        } else if (choice == 3) {
            const char *comment = " # note\n";
            while (*comment) *out++ = *comment++;
        } else {
            uint64_t number = next_random(seed) % 100000;
            char digits[8];
            int n = 0;
            do digits[n++] = (char)('0' + number % 10); while ((number /= 10) != 0);
            while (n) *out++ = digits[--n];
        }
        *out++ = ' ';
    }
    return out;
}

int main(void)
{
    uint64_t seed = 31337, checksum = 0;
    for (unsigned iteration = 0; iteration < ITERATIONS; iteration++) {
        char *end = text;
        unsigned statements = 0;
        while (end < text + TEXT_SIZE - 256) {
            end = generate(end, text + TEXT_SIZE - 64, &seed, 0);
            *end++ = '\n';
            statements++;
        }
        *end = 0;
        tokenize(text);
        position = 0;
        int64_t total = 0;
        while (tokens[position].kind != TOKEN_END) {
            unsigned before = position;
            total += parse_sum();
            if (position == before)
                position++;     /* skip a token that cannot start a term */
        }
        checksum = mix_checksum(checksum, (uint64_t)total);
        checksum = mix_checksum(checksum, token_count + statements);
    }
    printf("tokenizer checksum %016llx\n", (unsigned long long)checksum);
    return 0;
}
