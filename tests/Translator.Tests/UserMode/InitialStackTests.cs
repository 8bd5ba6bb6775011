using System.Buffers.Binary;
using Translator.Hart;
using Translator.Loading;
using Translator.UserMode;
using Translator.UserMode.Abi;
using Xunit;

namespace Translator.Tests.UserMode;

/// <summary>The stack and registers a program starts with, read straight from the machine's memory.</summary>
public sealed class InitialStackTests
{
    private const ulong ElfHeaderProgramTableOffset = 32;

    private static (UserMachine Machine, string Path) Build(string[] arguments, string[] environment)
    {
        string path = UserModeRun.Program("auxv");
        var machine = new UserMachine(new UserMachineOptions
        {
            RootDirectory = UserModeRun.FreshDirectory(),
            Arguments = new[] { path }.Concat(arguments).ToArray(),
            Environment = environment,
        }, ElfImage.Load(path));
        return (machine, path);
    }

    private static ulong Word(UserMachine machine, ulong address)
    {
        Assert.True(machine.Memory.TryReadUInt64(address, out ulong value));
        return value;
    }

    private static string String(UserMachine machine, ulong address)
    {
        Assert.True(machine.Memory.TryReadString(address, out string text));
        return text;
    }

    [Fact]
    public void StackHoldsArgcArgvEnvpAndAuxvLikeLinux()
    {
        var (machine, path) = Build(new[] { "one", "two words" }, new[] { "EXTRA=1", "HOME=/elsewhere" });
        ulong sp = machine.Hart.X[Registers.Sp];
        Assert.Equal(0UL, sp % 16);
        Assert.Equal(3UL, Word(machine, sp));
        Assert.Equal(new[] { path, "one", "two words" }, Enumerable.Range(0, 3).Select(i => String(machine, Word(machine, sp + 8 + 8 * (ulong)i))));
        Assert.Equal(0UL, Word(machine, sp + 32));

        var environment = new List<string>();
        ulong at = sp + 40;
        for (; Word(machine, at) != 0; at += 8)
            environment.Add(String(machine, Word(machine, at)));
        Assert.Equal(new[] { "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C", "EXTRA=1", "HOME=/elsewhere" }, environment);

        var auxv = new Dictionary<AuxvTag, ulong>();
        for (at += 8; ; at += 16)
        {
            var tag = (AuxvTag)Word(machine, at);
            auxv[tag] = Word(machine, at + 8);
            if (tag == AuxvTag.AT_NULL) break;
        }
        foreach (var required in new[] { AuxvTag.AT_PHDR, AuxvTag.AT_PHENT, AuxvTag.AT_PHNUM, AuxvTag.AT_PAGESZ, AuxvTag.AT_ENTRY,
                     AuxvTag.AT_RANDOM, AuxvTag.AT_HWCAP, AuxvTag.AT_CLKTCK, AuxvTag.AT_UID, AuxvTag.AT_EUID, AuxvTag.AT_GID,
                     AuxvTag.AT_EGID, AuxvTag.AT_SECURE, AuxvTag.AT_EXECFN })
            Assert.True(auxv.ContainsKey(required), required + " missing");
        Assert.Equal(4096UL, auxv[AuxvTag.AT_PAGESZ]);
        Assert.Equal(machine.Hart.Pc, auxv[AuxvTag.AT_ENTRY]);
        Assert.Equal(path, String(machine, auxv[AuxvTag.AT_EXECFN]));
        Assert.Equal(0UL, auxv[AuxvTag.AT_SECURE]);
        ulong hwcap = 0;
        foreach (char letter in "IMAFDC") hwcap |= 1UL << (letter - 'A');
        Assert.Equal(hwcap, auxv[AuxvTag.AT_HWCAP]);
        var random = new byte[16];
        Assert.True(machine.Memory.TryRead(auxv[AuxvTag.AT_RANDOM], random));

        // AT_PHDR points at a copy of the file's program header table.
        byte[] file = File.ReadAllBytes(path);
        int tableOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan((int)ElfHeaderProgramTableOffset));
        int tableSize = (int)(auxv[AuxvTag.AT_PHENT] * auxv[AuxvTag.AT_PHNUM]);
        var table = new byte[tableSize];
        Assert.True(machine.Memory.TryRead(auxv[AuxvTag.AT_PHDR], table));
        Assert.Equal(file.AsSpan(tableOffset, tableSize).ToArray(), table);
    }

    [Fact]
    public void HartStartsInUserModeWithZeroedRegistersAndTranslation()
    {
        var (machine, _) = Build(Array.Empty<string>(), Array.Empty<string>());
        Assert.Equal(PrivilegeLevel.User, machine.Hart.Privilege);
        Assert.Equal(machine.Memory.Satp, machine.Hart.Csrs.Satp);
        for (int r = 0; r < 32; r++)
        {
            if (r != Registers.Sp)
                Assert.Equal(0UL, machine.Hart.X[r]); // a0 = 0: no rtld_fini for the C library to register
        }
        Assert.False(machine.Memory.IsMapped(0));
        Assert.True(machine.Memory.IsMapped(machine.Hart.Pc));
    }
}
