namespace Translator.Isa.Tests.Oracle;

/// <summary>
/// The deliberate differences from objdump listed in src/Translator.Isa/OBJDUMP-EXCEPTIONS.md: where
/// objdump prints something the ISA manual does not define, the test expects our text instead.
/// </summary>
internal static class Exceptions
{
    public static string Apply(uint word, int length, string objdumpText)
    {
        string raw = length == 2 ? $".2byte\t0x{word:x}" : $".4byte\t0x{word:x}";
        if (length == 2)
        {
            // c.addi16sp with nzimm=0 is reserved (RVC chapter); objdump prints it as c.addi16sp sp,0.
            if (word == 0x6101)
                return raw;
            return objdumpText;
        }
        // uret (withdrawn N extension), hret (removed before priv 1.10) and dret (debug spec,
        // Debug Mode only) are not instructions of the privileged ISA we implement.
        if (word == 0x00200073 || word == 0x20200073 || word == 0x7b200073)
            return raw;
        // pause (Zihintpause): objdump names it only in objects whose arch attribute lists zihintpause.
        if (word == 0x0100000f)
            return "pause";
        return objdumpText;
    }
}
