using Translator.Testing;
using Xunit;

namespace Translator.Tests.UserMode;

/// <summary>rvt run's own behaviour: fatal signals, rejected programs, --strict, --strace, static-PIE and usage errors.</summary>
public sealed class UserModeBehaviourTests
{
    private const int SignalExitBase = 128, Sigill = 4, Sigabrt = 6, Sigsegv = 11, Sigpipe = 13, Sigsys = 31;
    private const int BadImage = 2, Usage = 64;

    [Theory]
    [InlineData("segfault", Sigsegv, "SIGSEGV (invalid store) at pc 0x", ", address 0x10")]
    [InlineData("abort_message", Sigabrt, "SIGABRT (sent by the program to itself) at pc 0x", "")]
    [InlineData("illegal_instruction", Sigill, "SIGILL (illegal instruction 0x0) at pc 0x", "")]
    [InlineData("sigpipe", Sigpipe, "SIGPIPE (write to a pipe with no reader) at pc 0x", "")]
    public void FatalSignalPrintsOneLineAndExitsWith128PlusSignal(string program, int signal, string report, string addressPart)
    {
        var result = UserModeRun.Rvt(UserModeRun.FreshDirectory(), Array.Empty<string>(), UserModeRun.Program(program), Array.Empty<string>());
        Assert.Equal(SignalExitBase + signal, result.ExitCode);
        var lines = result.Stderr.Split('\n').Where(l => l.StartsWith("rvt: ", StringComparison.Ordinal)).ToList();
        string line = Assert.Single(lines);
        Assert.StartsWith("rvt: terminated by " + report, line);
        Assert.EndsWith(addressPart, line.TrimEnd());
        if (addressPart.Length == 0)
            Assert.DoesNotContain("address", line);
    }

    // sa_mask blocks SIGUSR2 while the SIGUSR1 handler runs, so the SIGUSR2 it raises runs after it returns (Linux's
    // rule; qemu-riscv64 7.2 does not apply sa_mask, so this is checked here and not against QEMU).
    private const string HandlerMaskSource = """
        #include <signal.h>
        #include <stdio.h>
        #include <string.h>
        static volatile int order[4], length, usr2_blocked;
        static void handler(int signal)
        {
            order[length++] = signal;
            if (signal == SIGUSR1) {
                sigset_t now;
                sigprocmask(SIG_BLOCK, NULL, &now);
                usr2_blocked = sigismember(&now, SIGUSR2);
                raise(SIGUSR2);
            }
            order[length++] = -signal;
        }
        int main(void)
        {
            struct sigaction action;
            memset(&action, 0, sizeof action);
            action.sa_handler = handler;
            sigaction(SIGUSR2, &action, NULL);
            sigaddset(&action.sa_mask, SIGUSR2);
            sigaction(SIGUSR1, &action, NULL);
            raise(SIGUSR1);
            sigset_t now;
            sigprocmask(SIG_BLOCK, NULL, &now);
            printf("usr2 blocked in handler %d, after %d; order %d %d %d %d\n", usr2_blocked, sigismember(&now, SIGUSR2),
                   order[0], order[1], order[2], order[3]);
            return 0;
        }
        """;

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void HandlerRunsWithItsSaMaskBlocked(string engine)
    {
        string directory = UserModeRun.FreshDirectory();
        string program = UserModeRun.Compile(directory, "handler_mask", HandlerMaskSource, "-static");
        var result = UserModeRun.Rvt(directory, new[] { "--engine", engine }, program, Array.Empty<string>());
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("usr2 blocked in handler 1, after 0; order 10 -10 12 -12\n", result.Stdout);
    }

    // Two threads that each hold the mutex the other wants: Linux would leave them blocked forever; rvt sees that no
    // thread can run and none can be woken (no timeout, no timer), and ends the process with one line.
    private const string DeadlockSource = """
        #include <pthread.h>
        #include <stdio.h>
        static pthread_mutex_t first = PTHREAD_MUTEX_INITIALIZER, second = PTHREAD_MUTEX_INITIALIZER;
        static pthread_barrier_t both_hold_one;
        static void *take_second_then_first(void *arg)
        {
            pthread_mutex_lock(&second);
            pthread_barrier_wait(&both_hold_one);
            pthread_mutex_lock(&first);
            return arg;
        }
        int main(void)
        {
            pthread_t thread;
            pthread_barrier_init(&both_hold_one, NULL, 2);
            pthread_create(&thread, NULL, take_second_then_first, NULL);
            pthread_mutex_lock(&first);
            pthread_barrier_wait(&both_hold_one);
            printf("both hold one\n");
            fflush(stdout);
            pthread_mutex_lock(&second);
            printf("not reached\n");
            return 0;
        }
        """;

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void ADeadlockOfEveryThreadEndsTheProcessWithOneLine(string engine)
    {
        const int Sigkill = 9;
        string directory = UserModeRun.FreshDirectory();
        string program = UserModeRun.Compile(directory, "deadlock", DeadlockSource, "-static");
        var result = UserModeRun.Rvt(directory, new[] { "--engine", engine }, program, Array.Empty<string>());
        Assert.Equal("both hold one\n", result.Stdout);
        Assert.Equal(SignalExitBase + Sigkill, result.ExitCode);
        string line = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("rvt: ", StringComparison.Ordinal));
        Assert.StartsWith("rvt: terminated by SIGKILL (deadlock: every thread is blocked", line);
    }

    // clone3 (which qemu-riscv64 7.2 lacks, so checked here): the kernel's argument checks, then a thread on a stack
    // of its own that sets a flag and exits, its tid written for the parent and cleared and woken at its exit.
    private const string Clone3Source = """
        #define _GNU_SOURCE
        #include <errno.h>
        #include <linux/futex.h>
        #include <linux/sched.h>
        #include <sched.h>
        #include <stdio.h>
        #include <string.h>
        #include <sys/syscall.h>
        #include <unistd.h>

        static char stack[65536] __attribute__((aligned(16)));
        static volatile int child_ran;
        static volatile int child_tid_word;

        int main(void)
        {
            struct clone_args args;
            memset(&args, 0, sizeof args);
            errno = 0;
            printf("size 32: %ld %s\n", syscall(SYS_clone3, &args, 32), strerrorname_np(errno));
            char bigger[sizeof args + 8];
            memset(bigger, 0, sizeof bigger);
            bigger[sizeof args] = 1;
            errno = 0;
            printf("unknown field set: %ld %s\n", syscall(SYS_clone3, bigger, sizeof bigger), strerrorname_np(errno));
            args.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM
                | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
            args.stack = (unsigned long)stack;
            errno = 0;
            printf("stack without size: %ld %s\n", syscall(SYS_clone3, &args, sizeof args), strerrorname_np(errno));
            args.stack_size = sizeof stack;
            args.parent_tid = (unsigned long)&child_tid_word;
            args.child_tid = (unsigned long)&child_tid_word;

            register long a0 asm("a0") = (long)&args;
            register long a1 asm("a1") = sizeof args;
            register long a7 asm("a7") = SYS_clone3;
            /* The child runs on its own stack with the parent's registers: it sets the flag and exits at once. */
            asm volatile("ecall\n"
                         "bnez a0, 1f\n"
                         "li t0, 1\n"
                         "sw t0, 0(%[flag])\n"
                         "li a0, 0\n"
                         "li a7, 93\n"
                         "ecall\n"
                         "1:\n"
                         : "+r"(a0)
                         : "r"(a1), "r"(a7), [flag] "r"(&child_ran)
                         : "t0", "memory");
            long tid = a0;
            printf("clone3 made a thread: %d, parent_tid written: %d\n", tid > 0 && tid != getpid(), child_tid_word == tid);
            int word;
            while ((word = child_tid_word) != 0)
                syscall(SYS_futex, &child_tid_word, FUTEX_WAIT, word, NULL, NULL, 0);
            printf("child ran: %d, its tid word cleared at exit\n", child_ran);
            return 0;
        }
        """;

    [Theory]
    [InlineData("interp")]
    [InlineData("jit")]
    public void Clone3MakesAThread(string engine)
    {
        string directory = UserModeRun.FreshDirectory();
        string program = UserModeRun.Compile(directory, "clone3", Clone3Source, "-O2", "-static");
        var result = UserModeRun.Rvt(directory, new[] { "--engine", engine }, program, Array.Empty<string>());
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("size 32: -1 EINVAL\nunknown field set: -1 E2BIG\nstack without size: -1 EINVAL\n"
            + "clone3 made a thread: 1, parent_tid written: 1\nchild ran: 1, its tid word cleared at exit\n", result.Stdout);
    }

    // A signal sent to rvt reaches the program: its handler runs whether it computes or sleeps, or its default action
    // ends it with the one-line report and 128 + the signal.
    [Theory]
    [InlineData("busy", "interp", "INT", 0)]
    [InlineData("busy", "jit", "INT", 0)]
    [InlineData("sleep", "jit", "TERM", 0)]
    [InlineData("default", "jit", "INT", SignalExitBase + 2)]
    [InlineData("default", "interp", "TERM", SignalExitBase + 15)]
    public async Task SignalSentToRvtReachesTheProgram(string mode, string engine, string signal, int exitCode)
    {
        // Through perl, so SIGINT has its default action even when the test host was started with it ignored
        // (as background jobs of a non-interactive shell are): an ignored signal stays ignored across exec.
        var info = new System.Diagnostics.ProcessStartInfo("perl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = UserModeRun.FreshDirectory(),
        };
        foreach (string arg in new[] { "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die", "dotnet", Path.Combine(AppContext.BaseDirectory, "rvt.dll"), "run", "--engine", engine, UserModeRun.Program("outside_signal"), mode })
            info.ArgumentList.Add(arg);
        using var rvt = System.Diagnostics.Process.Start(info)!;
        var stderr = rvt.StandardError.ReadToEndAsync();
        Assert.Equal("ready", await rvt.StandardOutput.ReadLineAsync());
        await Task.Delay(200); // into its loop, even on a loaded machine ("busy" checks that it spun before the signal)
        using (var kill = System.Diagnostics.Process.Start("kill", new[] { "-" + signal, rvt.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
            kill.WaitForExit();
        string rest = await rvt.StandardOutput.ReadToEndAsync();
        Assert.True(rvt.WaitForExit(TimeSpan.FromMinutes(1)), "rvt did not stop");
        Assert.Equal(exitCode, rvt.ExitCode);
        if (exitCode == 0)
            Assert.Equal($"got signal {(signal == "INT" ? 2 : 15)}\n", rest);
        else
            Assert.Contains($"rvt: terminated by SIG{signal} (sent from outside) at pc 0x", await stderr);
    }

    [Fact]
    public void DynamicallyLinkedProgramIsRejectedWithExitCode2()
    {
        string directory = UserModeRun.FreshDirectory();
        string program = UserModeRun.Compile(directory, "dynamic", "int main(void) { return 0; }");
        var result = UserModeRun.Rvt(directory, Array.Empty<string>(), program, Array.Empty<string>());
        Assert.Equal(BadImage, result.ExitCode);
        Assert.Contains("dynamically linked programs are not supported yet", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }

    // A position-independent program with no interpreter and no C library (the cross glibc lacks rcrt1.o for
    // -static-pie): it must be loaded at a bias and run as QEMU runs it.
    private const string StaticPieSource = """
        static long syscall3(long number, long a, long b, long c)
        {
            register long a7 __asm__("a7") = number;
            register long a0 __asm__("a0") = a;
            register long a1 __asm__("a1") = b;
            register long a2 __asm__("a2") = c;
            __asm__ volatile("ecall" : "+r"(a0) : "r"(a7), "r"(a1), "r"(a2) : "memory");
            return a0;
        }
        static const char message[] = "hello from a static-pie program\n";
        void _start(void)
        {
            syscall3(64, 1, (long)message, sizeof message - 1);
            syscall3(93, 7, 0, 0);
        }
        """;

    [Fact]
    public void StaticPieProgramMatchesQemu()
    {
        string directory = UserModeRun.FreshDirectory();
        string program = UserModeRun.Compile(directory, "static_pie", StaticPieSource,
            "-fPIE", "-nostdlib", "-nostartfiles", "-Wl,-pie,--no-dynamic-linker,-z,text");
        Assert.Equal(0x3, File.ReadAllBytes(program)[16]); // ET_DYN
        var qemu = UserModeRun.Qemu(directory, program, Array.Empty<string>(), Array.Empty<string>());
        var rvt = UserModeRun.Rvt(directory, Array.Empty<string>(), program, Array.Empty<string>());
        Assert.Equal("hello from a static-pie program\n", qemu.Stdout);
        Assert.Equal(qemu.Stdout, rvt.Stdout);
        Assert.Equal(7, rvt.ExitCode);
        Assert.Equal(qemu.ExitCode, rvt.ExitCode);
    }

    [Fact]
    public void UnimplementedSyscallWarnsAndReturnsEnosys()
    {
        var result = UserModeRun.Rvt(UserModeRun.FreshDirectory(), Array.Empty<string>(), UserModeRun.Program("unknown_syscall"), Array.Empty<string>());
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("syscall 400 returned -1 (Function not implemented)\n", result.Stdout);
        Assert.Equal("rvt: warning: unimplemented syscall 400 (syscall_400) returns ENOSYS\n", result.Stderr);
    }

    [Fact]
    public void StrictStopsAtUnimplementedSyscall()
    {
        var result = UserModeRun.Rvt(UserModeRun.FreshDirectory(), new[] { "--strict" }, UserModeRun.Program("unknown_syscall"), Array.Empty<string>());
        Assert.Equal(SignalExitBase + Sigsys, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("rvt: terminated by SIGSYS (unimplemented syscall 400 (syscall_400); stopped by --strict) at pc 0x", result.Stderr);
    }

    [Fact]
    public void StracePrintsOneLinePerSyscall()
    {
        var result = UserModeRun.Rvt(UserModeRun.FreshDirectory(), new[] { "--strace" }, UserModeRun.Program("exit_codes"), new[] { "5" });
        Assert.Equal(5, result.ExitCode);
        Assert.Equal("exiting with 5 via exit\n", result.Stdout);
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.Contains("write(1, \"exiting with 5 via exit\\n\", 24) = 24", lines);
        Assert.Contains(lines, l => l.StartsWith("set_tid_address(0x", StringComparison.Ordinal));
        Assert.Matches(@"^brk\(NULL\) = 0x[0-9a-f]+$", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("newfstatat(1, \"\", 0x", StringComparison.Ordinal) && l.EndsWith(", 0x1000) = 0", StringComparison.Ordinal));
        Assert.Equal("exit_group(5) = ?", lines[^1]);
        Assert.All(lines, l => Assert.Matches(@"^[a-z_0-9]+\(.*\) = (-?\d+|0x[0-9a-f]+|-1 E[A-Z]+|\?)$", l));
    }

    // Once a second thread exists, every line names the calling thread: the clone in the main thread (its id the pid),
    // the new thread's calls under the id clone returned, and the main thread's exit waits for nobody.
    [Fact]
    public void StraceNamesTheThreadOnceThereAreSeveral()
    {
        var result = UserModeRun.Rvt(UserModeRun.FreshDirectory(), new[] { "--strace" }, UserModeRun.Program("threads"), new[] { "main-exits" });
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        var clone = Assert.Single(lines, l => l.Contains("clone(", StringComparison.Ordinal));
        var parts = System.Text.RegularExpressions.Regex.Match(clone, @"^\[(\d+)\] clone\(0x[0-9a-f]+, .*\) = (\d+)$");
        Assert.True(parts.Success, clone);
        string main = parts.Groups[1].Value, worker = parts.Groups[2].Value;
        Assert.NotEqual(main, worker);
        Assert.Contains($"[{main}] exit(0) = ?", lines);
        Assert.Equal($"[{worker}] exit_group(0) = ?", lines[^1]);
        Assert.DoesNotContain(lines.SkipWhile(l => l != clone), l => !l.StartsWith("[", StringComparison.Ordinal) && !l.StartsWith("rvt: ", StringComparison.Ordinal));
    }

    [Fact]
    public void OptionsStopAtTheProgram()
    {
        var result = UserModeRun.Rvt(UserModeRun.FreshDirectory(), new[] { "--env", "RVT_TEST_ONE=x" }, UserModeRun.Program("args_env"),
            new[] { "--strace", "--env", "RVT_TEST_TWO=y" });
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("argv[1]=\"--strace\" (8 bytes)", result.Stdout);
        Assert.Contains("RVT_TEST_ONE=x\n", result.Stdout);
        Assert.Contains("RVT_TEST_TWO=(unset)\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData(new string[0], "no program given")]
    [InlineData(new[] { "--root", "/nonexistent-rvt-root", "prog" }, "--root")]
    [InlineData(new[] { "--env", "NOEQUALS", "prog" }, "NAME=VALUE")]
    [InlineData(new[] { "--bogus", "prog" }, "unknown option '--bogus'")]
    public void UsageErrorsExitWith64(string[] arguments, string message)
    {
        var result = ProcessRunner.Run("dotnet", new[] { Path.Combine(AppContext.BaseDirectory, "rvt.dll"), "run" }.Concat(arguments));
        Assert.Equal(Usage, result.ExitCode);
        Assert.Contains(message, result.Stderr);
    }

    [Fact]
    public void InstructionLimitStopsWithExitCode124()
    {
        var result = UserModeRun.Rvt(UserModeRun.FreshDirectory(), new[] { "--max-insns", "10000" }, UserModeRun.Program("compute_primes"), Array.Empty<string>());
        Assert.Equal(124, result.ExitCode);
        Assert.Contains("stopped after 10000 instructions", result.Stderr);
    }

    [Fact]
    public void AnInstructionStraddlingAPageEndRunsCompiledUntilItsNextPageLosesExecute()
    {
        // page_straddle's loop (QemuComparisonTests checks its output against QEMU) runs 200,000 times through an
        // instruction whose upper half lies in the next page; compiled, it leaves only start-up to the interpreter.
        var result = UserModeRun.Rvt(UserModeRun.FreshDirectory(), new[] { "--jit-threshold", "0", "--stats" },
            UserModeRun.Program("page_straddle"), Array.Empty<string>());
        Assert.Equal(SignalExitBase + Sigsegv, result.ExitCode);
        Assert.Equal("straddler at page offset 0xffe\nround 1: 100000\nround 2: 300000\n", result.Stdout);
        var fault = System.Text.RegularExpressions.Regex.Match(result.Stderr, "SIGSEGV \\(invalid fetch\\) at pc 0x([0-9a-f]+), address 0x([0-9a-f]+)");
        Assert.True(fault.Success, result.Stderr);
        ulong pc = Convert.ToUInt64(fault.Groups[1].Value, 16), address = Convert.ToUInt64(fault.Groups[2].Value, 16);
        Assert.Equal(0xffeUL, pc & 0xfff);
        Assert.Equal(pc + 2, address); // the upper half's page
        var interpreted = System.Text.RegularExpressions.Regex.Match(result.Stderr, "jit-interpreted-instructions: (\\d+)");
        Assert.True(interpreted.Success, result.Stderr);
        Assert.True(long.Parse(interpreted.Groups[1].Value) < 5_000, $"interpreted {interpreted.Groups[1].Value} instructions");
    }

    [Fact]
    public void ACallIntoTheNextPageRunsInsideTheCallersRegionUntilThatPageLosesExecute()
    {
        // cross_page_call (QemuComparisonTests checks its output against QEMU) calls a function in the next page
        // 300,000 times, rewrites it in between and maps a new page over it; the caller's region takes the callee in,
        // so the loop leaves its region only at each round's end. Then the callee's page loses execute: the region,
        // compiled before, must not run it any more. Compiled on the guest's thread (--jit-sync), so that regions
        // form the same way every run.
        string directory = UserModeRun.FreshDirectory();
        var result = UserModeRun.Rvt(directory, new[] { "--jit-threshold", "2", "--jit-sync", "--profile=profile.json" },
            UserModeRun.Program("cross_page_call"), Array.Empty<string>());
        Assert.Equal(SignalExitBase + Sigsegv, result.ExitCode);
        Assert.Equal("callee at page offset 0x0\nround 1: 100000\nround 2: 300000\nround 3: 500000\n", result.Stdout);
        var fault = System.Text.RegularExpressions.Regex.Match(result.Stderr, "SIGSEGV \\(invalid fetch\\) at pc 0x([0-9a-f]+), address 0x([0-9a-f]+)");
        Assert.True(fault.Success, result.Stderr);
        Assert.Equal(fault.Groups[1].Value, fault.Groups[2].Value); // the callee's first instruction
        Assert.Equal(0UL, Convert.ToUInt64(fault.Groups[1].Value, 16) & 0xfff);

        using var profile = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "profile.json")));
        long callerEntries = profile.RootElement.GetProperty("units").EnumerateArray()
            .Where(unit => unit.GetProperty("symbol").GetString()!.StartsWith("caller", StringComparison.Ordinal))
            .Sum(unit => unit.GetProperty("executions").GetInt64());
        Assert.InRange(callerEntries, 1, 1000); // a region per call and return would be entered 600,000 times
    }
}
