using System;
using System.Collections.Generic;

namespace Translator.Generators.Parsing
{
    /// <summary>The fixed words of the spec language.</summary>
    internal static class Vocabulary
    {
        /// <summary>Extension names in the order of the Translator.Isa.Extension enum; opcodes are numbered in this order.</summary>
        public static readonly string[] ExtensionOrder = { "I", "M", "A", "F", "D", "Zicsr", "Zifencei", "Privileged", "Zba", "Zbb", "Zbs", "Zbc", "Zihintpause", "C" };

        public static readonly HashSet<string> Extensions = new HashSet<string>(ExtensionOrder, StringComparer.Ordinal);

        public static readonly string[] FieldKindList = { "x", "f", "xc", "fc", "simm", "uimm", "hex", "upper", "pcrel", "csr", "rm", "fence", "flag" };

        public static readonly HashSet<string> FieldKinds = new HashSet<string>(FieldKindList, StringComparer.Ordinal);

        public static readonly string[] SlotList = { "rd", "rs1", "rs2", "rs3", "imm", "csr", "rm", "aq", "rl" };

        public static readonly HashSet<string> Slots = new HashSet<string>(SlotList, StringComparer.Ordinal);

        /// <summary>ABI names of x0..x31, as objdump prints them.</summary>
        public static readonly string[] IntegerRegisters =
        {
            "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
            "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
        };

        /// <summary>ABI names of f0..f31.</summary>
        public static readonly string[] FloatRegisters =
        {
            "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
            "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
        };

        public static int IntegerRegisterNumber(string name) => Array.IndexOf(IntegerRegisters, name);
    }
}
