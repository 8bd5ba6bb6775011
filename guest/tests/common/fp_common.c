/* Runs FP operations over operand sets for the F and D tests. */
#include "fp_common.h"

static const char *const rm_names[STATIC_RM_COUNT] = { "rne", "rtz", "rdn", "rup", "rmm" };

struct fp_result fp_run_once(const struct fp_op *op, unsigned variant,
                             uint64_t a, uint64_t b, uint64_t c)
{
    return op->variants ? op->variants[variant](a, b, c) : op->single(a, b, c);
}

static void print_operands(const struct fp_op *op, const struct operand_set *set,
                           const uint64_t *args)
{
    printf("%s", op->name);
    for (unsigned k = 0; k < op->arity; k++)
        printf(" %0*llx", (int)set->hex_digits, (unsigned long long)args[k]);
    printf(":");
}

static void print_result(const struct fp_op *op, struct fp_result r)
{
    uint64_t value = op->result_hex_digits == 8 ? (uint32_t)r.value : r.value;
    printf(" %0*llx/%02llx", (int)op->result_hex_digits, (unsigned long long)value,
           (unsigned long long)r.flags);
}

static void run_combination(const struct fp_op *op, const struct operand_set *set,
                            const uint64_t *args)
{
    print_operands(op, set, args);
    if (!op->variants) {
        print_result(op, op->single(args[0], args[1], args[2]));
        printf("\n");
        return;
    }
    struct fp_result statics[STATIC_RM_COUNT];
    for (unsigned m = 0; m < STATIC_RM_COUNT; m++) {
        statics[m] = op->variants[m](args[0], args[1], args[2]);
        print_result(op, statics[m]);
    }
    printf("\n");
    for (unsigned m = 0; m < STATIC_RM_COUNT; m++) {
        csr_write(frm, m);
        struct fp_result dynamic = op->variants[DYN_VARIANT](args[0], args[1], args[2]);
        int same = dynamic.value == statics[m].value && dynamic.flags == statics[m].flags;
        if (!same) {
            printf("  dyn with frm=%s differs:", rm_names[m]);
            print_result(op, dynamic);
            printf("\n");
        }
        check(same, "dyn rounding equals static");
    }
    csr_write(frm, 0);
}

void run_fp_op(const struct fp_op *op, const struct operand_set *set)
{
    uint64_t args[3] = { 0, 0, 0 };
    unsigned n = set->count;
    unsigned total = op->arity == 1 ? n : op->arity == 2 ? n * n : n * n * n;
    for (unsigned index = 0; index < total; index++) {
        args[0] = set->values[index % n];
        args[1] = set->values[index / n % n];
        args[2] = set->values[index / (n * n) % n];
        run_combination(op, set, args);
    }
}

void check_fp(const char *label, struct fp_result got, uint64_t value, uint64_t flags)
{
    printf("%s = %llx/%02llx\n", label, (unsigned long long)got.value,
           (unsigned long long)got.flags);
    if (got.value != value || got.flags != flags)
        printf("  expected %llx/%02llx\n", (unsigned long long)value, (unsigned long long)flags);
    check(got.value == value && got.flags == flags, label);
}
