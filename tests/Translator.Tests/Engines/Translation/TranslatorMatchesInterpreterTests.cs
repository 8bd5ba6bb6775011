using Xunit;

namespace Translator.Tests.Engines.Translation;

/// <summary>
/// Snippets run under the interpreter and under the translator (every block compiled at once, and after a few
/// interpreted entries); registers, f registers, pc, counters, trap CSRs and all of RAM must be identical.
/// </summary>
public sealed class TranslatorMatchesInterpreterTests
{
    /// <summary>The integer snippets below and the floating-point ones of <see cref="TranslatedFloatingPointTests"/>.</summary>
    public static TheoryData<string, string> AllSnippets()
    {
        var all = new TheoryData<string, string>();
        foreach (var row in IntegerSnippets.Concat(TranslatedFloatingPointTests.Snippets))
            all.Add((string)row[0], (string)row[1]);
        return all;
    }

    private static TheoryData<string, string> IntegerSnippets => new()
    {
        { "alu", """
            li a0, 0x123456789abcdef0
            li a1, -7
            add a2, a0, a1
            sub a3, a0, a1
            xor a4, a0, a1
            or a5, a0, a1
            and a6, a0, a1
            slt a7, a1, a0
            sltu s2, a1, a0
            slti s3, a1, -3
            sltiu s4, a0, 5
            sll s5, a0, a1
            srl s6, a0, a1
            sra s7, a1, a1
            slli s8, a0, 13
            srli s9, a0, 61
            srai s10, a1, 2
            addw s11, a0, a1
            subw t3, a0, a1
            sllw t4, a0, a1
            srlw t5, a0, a1
            sraw t6, a1, a1
            addiw t0, a0, 2047
            slliw t1, a0, 31
            srliw t2, a1, 3
            sraiw s0, a1, 31
            lui s1, 0xfffff
            auipc gp, 0x12345
            add x0, a0, a1
        """ },
        { "muldiv", """
            li a0, -9223372036854775808
            li a1, -1
            li a2, 0
            li a3, 12345678901
            div s2, a0, a1
            rem s3, a0, a1
            divu s4, a3, a2
            remu s5, a3, a2
            div s6, a3, a2
            mulh s7, a0, a3
            mulhu s8, a1, a3
            mulhsu s9, a1, a3
            mul s10, a3, a3
            mulw s11, a3, a1
            divw t3, a0, a1
            divuw t4, a3, a1
            remw t5, a3, a2
            remuw t6, a3, a3
        """ },
        { "bitmanip", """
            li a0, 0x00f0ff0012345678
            li a1, 37
            sh1add a2, a0, a1
            sh2add.uw a3, a0, a1
            add.uw a4, a0, a1
            slli.uw a5, a0, 7
            andn a6, a0, a1
            orn a7, a0, a1
            xnor s2, a0, a1
            clz s3, a0
            clzw s4, a0
            ctz s5, a0
            ctzw s6, zero
            cpop s7, a0
            cpopw s8, a0
            max s9, a0, a1
            minu s10, a0, a1
            sext.b s11, a0
            sext.h t3, a0
            zext.h t4, a0
            rol t5, a0, a1
            rorw t6, a0, a1
            rori t0, a0, 17
            roriw t1, a0, 5
            orc.b t2, a0
            rev8 s0, a0
            bclr s1, a0, a1
            binvi gp, a0, 63
            bext tp, a0, a1
            bseti ra, zero, 40
            clmul a1, a0, s3
            clmulh a2, a0, t2
            clmulr a3, t2, a0
        """ },
        { "loads-stores", """
            la s0, data
            li a0, -2
            sd a0, 0(s0)
            sw a0, 9(s0)
            sh a0, 14(s0)
            sb a0, 17(s0)
            lb a1, 0(s0)
            lbu a2, 1(s0)
            lh a3, 3(s0)
            lhu a4, 5(s0)
            lw a5, 7(s0)
            lwu a6, 9(s0)
            ld a7, 11(s0)
            lw x0, 0(s0)
            j done
            .balign 8
        data:
            .space 64
        done:
        """ },
        { "loop", """
            li a0, 0
            li a1, 1000
            li a2, 0
        1:  add a0, a0, a1
            andi t0, a1, 3
            bnez t0, 2f
            addi a2, a2, 1
        2:  addi a1, a1, -1
            bgtz a1, 1b
        """ },
        { "calls", """
            li s0, 0
            li s1, 50
        1:  mv a0, s1
            call square
            add s0, s0, a0
            addi s1, s1, -1
            bnez s1, 1b
            j done
        square:
            mul a0, a0, a0
            ret
        done:
        """ },
        { "floating-point", """
            la s0, values
            fld fa0, 0(s0)
            fld fa1, 8(s0)
            li a0, 100
        1:  fmadd.d fa2, fa0, fa1, fa2
            fdiv.d fa3, fa2, fa1
            fcvt.w.d a1, fa3, rtz
            fsd fa3, 16(s0)
            flw fa4, 16(s0)
            fadd.s fa5, fa4, fa4
            feq.d a2, fa2, fa3
            addi a0, a0, -1
            bnez a0, 1b
            j done
            .balign 8
        values:
            .double 1.5, 3.25
            .space 16
        done:
        """ },
        { "atomics", """
            la s0, word
            li a0, 5
            amoadd.w a1, a0, (s0)
            addi s1, s0, 8
            amoswap.d a2, a0, (s1)
            lr.d a3, (s0)
            sc.d a4, a0, (s0)
            sc.d a5, a0, (s0)
            amomax.w a6, a0, (s0)
            j done
            .balign 8
        word:
            .dword 7, 9
        done:
        """ },
        { "compressed", """
            .option rvc
            c.li a0, 5
            c.addi a0, -3
            c.slli a0, 4
            c.mv a1, a0
            c.add a1, a0
            c.srai a1, 1
            c.andi a1, 13
            la s0, slot
            c.sd a1, 0(s0)
            c.ld a2, 0(s0)
            c.beqz a2, done
            c.addiw a2, 1
            j done
            .balign 8
        slot:
            .dword 0
        done:
        """ },
    };

    [Theory]
    [MemberData(nameof(AllSnippets))]
    public void CompiledOnFirstEntry(string name, string snippet)
    {
        Assert.NotNull(name);
        var rig = TranslatorRig.AssertMatchesInterpreter(snippet, jitThreshold: 0);
        Assert.True(rig.Engine.Statistics.BlocksTranslated > 0);
        Assert.True(rig.Engine.Statistics.TranslatedInstructions > 0);
    }

    [Theory]
    [MemberData(nameof(AllSnippets))]
    public void CompiledAfterAFewEntriesInSmallSlices(string name, string snippet)
    {
        Assert.NotNull(name);
        TranslatorRig.AssertMatchesInterpreter(snippet, jitThreshold: 3, slice: 37);
    }
}
