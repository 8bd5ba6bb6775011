/* stdio on files: fprintf, fputs, fgets, fscanf, fread/fwrite, fseek/ftell, ungetc, and tmp names. */
#include <stdio.h>
#include <string.h>

int main(void)
{
    FILE *out = fopen("numbers.txt", "w");
    for (int i = 1; i <= 10; i++)
        fprintf(out, "%d %s %.2f\n", i, i % 2 ? "odd" : "even", i * 1.25);
    fputs("end\n", out);
    fclose(out);

    FILE *in = fopen("numbers.txt", "r");
    int number, total = 0;
    char word[16];
    double value, values = 0;
    while (fscanf(in, "%d %15s %lf", &number, word, &value) == 3) {
        total += number;
        values += value;
    }
    char tail[16] = { 0 };
    fgets(tail, sizeof tail, in);
    printf("total=%d values=%.2f tail=%s", total, values, tail);
    printf("ftell at end=%ld feof=%d\n", ftell(in), fgetc(in) == EOF && feof(in));
    rewind(in);
    int c = fgetc(in);
    ungetc(c, in);
    char line[32];
    fgets(line, sizeof line, in);
    printf("first line again: %s", line);
    fseek(in, -4, SEEK_END);
    fgets(line, sizeof line, in);
    printf("last 4 bytes: %s", line);
    fclose(in);

    FILE *binary = fopen("binary.dat", "w+b");
    double data[100];
    for (int i = 0; i < 100; i++) data[i] = i * 0.5;
    printf("fwrite=%zu\n", fwrite(data, sizeof data[0], 100, binary));
    fseek(binary, 50 * sizeof(double), SEEK_SET);
    double back[10];
    printf("fread=%zu back[0]=%g back[9]=%g\n", fread(back, sizeof back[0], 10, binary), back[0], back[9]);
    fclose(binary);
    remove("binary.dat");
    remove("numbers.txt");
    printf("fopen missing: %s\n", fopen("numbers.txt", "r") == NULL ? "NULL" : "opened");
    return 0;
}
