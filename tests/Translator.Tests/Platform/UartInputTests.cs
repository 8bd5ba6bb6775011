using Translator.Testing;
using Xunit;

namespace Translator.Tests.Platform;

/// <summary>The 16550 receives what arrives on rvt's stdin (a pipe here) and the guest can echo it.</summary>
public sealed class UartInputTests
{
    // Reads bytes until '\n', echoes each upper-cased, then powers off through the test device.
    private const string EchoUpperCase = """
        .equ UART, 0x10000000
        .equ LSR, 5
        .equ TEST, 0x100000
        .globl _start
        _start:
            li   s0, UART
        wait:
            lbu  t0, LSR(s0)
            andi t0, t0, 1          # data ready
            beqz t0, wait
            lbu  t1, 0(s0)
            li   t2, 'a'
            bltu t1, t2, put
            li   t2, 'z' + 1
            bgeu t1, t2, put
            addi t1, t1, -32
        put:
            sb   t1, 0(s0)
            li   t2, '\n'
            bne  t1, t2, wait
            li   t0, TEST
            li   t1, 0x5555
            sw   t1, 0(t0)
        hang:
            j    hang
        """;

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void EchoesPipedInput(string engine)
    {
        string elf = GuestAssembler.Link(EchoUpperCase);
        var rvt = ProcessRunner.Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "rvt.dll"), "boot", "--kernel", elf, "--engine", engine, "--max-insns", "100000000" },
            TimeSpan.FromMinutes(2), stdin: "Hello, uart!\n");
        Assert.Equal(0, rvt.ExitCode);
        Assert.Equal("HELLO, UART!\n", rvt.Stdout);
    }
}
