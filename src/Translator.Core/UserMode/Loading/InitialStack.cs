using System.Buffers.Binary;
using System.Text;
using Translator.UserMode.Abi;
using Translator.UserMode.Memory;

namespace Translator.UserMode.Loading;

/// <summary>
/// Builds the stack a Linux program starts with, laid out as the kernel's create_elf_tables does: at the top the
/// file name and the argument and environment strings, then AT_RANDOM's 16 bytes, then — 16-byte aligned at sp —
/// argc, the argv pointers and NULL, the envp pointers and NULL, and the auxiliary vector ending in AT_NULL.
/// </summary>
public static class InitialStack
{
    private const int RandomBytes = 16;
    private const ulong StackAlignment = 16;
    private const ulong WordSize = 8;

    /// <summary>Writes the stack below <see cref="UserLayout.StackTop"/> (already mapped) and returns sp.</summary>
    /// <param name="memory">The address space, with the stack mapped.</param>
    /// <param name="arguments">argv, starting with argv[0].</param>
    /// <param name="environment">envp entries, NAME=VALUE.</param>
    /// <param name="executableName">The name AT_EXECFN points to.</param>
    /// <param name="auxiliary">The auxiliary vector without AT_RANDOM, AT_EXECFN and AT_NULL, which are added here.</param>
    public static ulong Build(AddressSpace memory, IReadOnlyList<string> arguments, IReadOnlyList<string> environment,
        string executableName, IReadOnlyList<(AuxvTag Tag, ulong Value)> auxiliary)
    {
        ulong top = UserLayout.StackTop - WordSize; // the kernel leaves a zero word at the very top
        ulong PushString(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text + "\0");
            top -= (ulong)bytes.Length;
            memory.WriteIgnoringProtection(top, bytes);
            return top;
        }

        ulong[] PushStrings(IReadOnlyList<string> texts) // the last one highest, as Linux lays them out
        {
            var addresses = new ulong[texts.Count];
            for (int i = texts.Count - 1; i >= 0; i--)
                addresses[i] = PushString(texts[i]);
            return addresses;
        }

        ulong executableNameAddress = PushString(executableName);
        var environmentAddresses = PushStrings(environment);
        var argumentAddresses = PushStrings(arguments);
        byte[] random = new byte[RandomBytes];
        HostRandom.Fill(random);
        top = (top - RandomBytes) & ~(StackAlignment - 1);
        memory.WriteIgnoringProtection(top, random);
        ulong randomAddress = top;

        // argc, argv and NULL, envp and NULL, then the auxiliary vector's pairs, ending with AT_NULL.
        var words = new ulong[1 + arguments.Count + 1 + environment.Count + 1 + 2 * (auxiliary.Count + 3)];
        int at = 0;
        words[at++] = (ulong)arguments.Count;
        foreach (ulong address in argumentAddresses)
            words[at++] = address;
        words[at++] = 0;
        foreach (ulong address in environmentAddresses)
            words[at++] = address;
        words[at++] = 0;
        void Pair(AuxvTag tag, ulong value)
        {
            words[at++] = (ulong)tag;
            words[at++] = value;
        }
        for (int i = 0; i < auxiliary.Count; i++)
            Pair(auxiliary[i].Tag, auxiliary[i].Value);
        Pair(AuxvTag.AT_RANDOM, randomAddress);
        Pair(AuxvTag.AT_EXECFN, executableNameAddress);
        Pair(AuxvTag.AT_NULL, 0);
        ulong sp = (top - (ulong)words.Length * WordSize) & ~(StackAlignment - 1);
        byte[] table = new byte[words.Length * (int)WordSize];
        for (int i = 0; i < words.Length; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(table.AsSpan(i * (int)WordSize), words[i]);
        memory.WriteIgnoringProtection(sp, table);
        return sp;
    }
}
