using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Translator.Generators.Model;

namespace Translator.Generators.Parsing
{
    /// <summary>
    /// Joins the parsed files, checks everything that needs more than one line (unknown fields,
    /// bit coverage, overlapping encodings, expansions) and builds the model the emitters use.
    /// A line with an error is left out of the model; the rest is still generated.
    /// </summary>
    internal sealed class ModelBuilder
    {
        private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();
        private readonly Dictionary<string, FieldSpec> _fields = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);

        /// <summary>Per-instruction facts gathered while checking a line.</summary>
        private sealed class CheckedInstruction
        {
            public InstructionSpec Spec = null!;
            public int Length;
            public uint Mask, Match;
            public List<OperandToken> Syntax = new List<OperandToken>();
            public List<string> FieldNames = new List<string>();
            public List<SlotSource> Slots = new List<SlotSource>();
            public bool Valid = true;
        }

        public static BuildResult Build(IEnumerable<ParsedFile> files, CancellationToken cancellationToken)
            => new ModelBuilder().Run(files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList(), cancellationToken);

        private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SourceSpan where, string message)
            => _diagnostics.Add(new DiagnosticInfo(descriptor.Id, message, where));

        private BuildResult Run(List<ParsedFile> files, CancellationToken cancellationToken)
        {
            foreach (var file in files)
                _diagnostics.AddRange(file.Diagnostics);

            foreach (var field in files.SelectMany(f => f.Fields))
            {
                if (_fields.TryGetValue(field.Name, out var first))
                    Report(IsaDiagnostics.Duplicate, field.Where, $"field '{field.Name}' is already defined at {Describe(first.Where)}");
                else
                    _fields.Add(field.Name, field);
            }

            var csrs = new SortedDictionary<int, CsrModel>();
            foreach (var csr in files.SelectMany(f => f.Csrs))
            {
                if (csrs.TryGetValue(csr.Number, out var existing))
                    Report(IsaDiagnostics.Duplicate, csr.Where, $"CSR 0x{csr.Number:x3} is already named '{existing.Name}'");
                else
                    csrs.Add(csr.Number, new CsrModel(csr.Number, csr.Name));
            }

            // Opcodes are numbered by extension, then file, then line, so Lui and Auipc come first.
            var ordered = files.SelectMany(f => f.Instructions)
                .Select((spec, index) => (spec, index))
                .OrderBy(p => Array.IndexOf(Vocabulary.ExtensionOrder, p.spec.Extension!.Name))
                .ThenBy(p => p.index)
                .Select(p => p.spec)
                .ToList();

            var byName = new Dictionary<string, CheckedInstruction>(StringComparer.Ordinal);
            var all = new List<CheckedInstruction>();
            foreach (var spec in ordered)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var item = CheckLine(spec);
                if (byName.TryGetValue(spec.Name.Name, out var first))
                {
                    Report(IsaDiagnostics.Duplicate, spec.Name.Where, $"instruction '{spec.Name.Name}' is already defined at {Describe(first.Spec.Name.Where)}");
                    continue;
                }
                byName.Add(spec.Name.Name, item);
                all.Add(item);
            }

            foreach (var item in all)
                CheckReferences(item, byName);

            CheckOverlaps(all, byName, cancellationToken);

            var models = new List<InstructionModel>();
            foreach (var item in all.Where(i => i.Valid))
                models.Add(ToModel(item, byName));

            var fieldModels = _fields.Values
                .OrderBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => new FieldModel(f.Name, f.Kind, f.Slot, f.Pieces))
                .ToEquatableArray();
            var model = new IsaModel(fieldModels, models.ToEquatableArray(), csrs.Values.ToEquatableArray());
            return new BuildResult(model, _diagnostics.ToEquatableArray());
        }

        private static string Describe(SourceSpan where) => $"{System.IO.Path.GetFileName(where.Path)}:{where.Line + 1}";

        private CheckedInstruction CheckLine(InstructionSpec spec)
        {
            var item = new CheckedInstruction { Spec = spec, Length = spec.Extension!.Name == "C" ? 16 : 32 };
            string name = spec.Name.Name;

            // Fixed bits.
            foreach (var enc in spec.Encoding)
            {
                if (enc.Hi >= item.Length)
                {
                    Report(IsaDiagnostics.Overflow, enc.Where, $"bit {enc.Hi} is outside a {item.Length}-bit instruction");
                    item.Valid = false;
                    continue;
                }
                uint bits = (uint)SpecParser.RangeMask(enc.Hi, enc.Lo);
                if ((item.Mask & bits) != 0)
                {
                    Report(IsaDiagnostics.DoublyAssigned, enc.Where, $"'{name}': bit(s) {BitList(item.Mask & bits)} are fixed twice");
                    item.Valid = false;
                }
                item.Mask |= bits;
                item.Match |= (uint)(enc.Value << enc.Lo);
            }

            // Operands as printed, then the decoded-but-not-printed fields.
            ParseOperands(item);
            foreach (var extra in spec.ExtraFields)
            {
                if (!_fields.ContainsKey(extra.Name))
                {
                    Report(IsaDiagnostics.UnknownField, extra.Where, $"'{name}' uses unknown field '{extra.Name}'");
                    item.Valid = false;
                }
                else if (item.FieldNames.Contains(extra.Name))
                {
                    Report(IsaDiagnostics.DoublyAssigned, extra.Where, $"'{name}' lists field '{extra.Name}' twice");
                    item.Valid = false;
                }
                else
                {
                    item.FieldNames.Add(extra.Name);
                }
            }

            // Every bit is either fixed or belongs to exactly one field.
            uint covered = item.Mask;
            foreach (string fieldName in item.FieldNames)
            {
                if (!_fields.TryGetValue(fieldName, out var field))
                    continue;
                foreach (var piece in field.Pieces)
                {
                    if (piece.InstHi >= item.Length)
                    {
                        Report(IsaDiagnostics.Overflow, spec.Name.Where, $"'{name}': field '{fieldName}' uses bit {piece.InstHi}, outside a {item.Length}-bit instruction");
                        item.Valid = false;
                        continue;
                    }
                    uint bits = (uint)SpecParser.RangeMask(piece.InstHi, piece.InstLo);
                    if ((covered & bits) != 0)
                    {
                        Report(IsaDiagnostics.DoublyAssigned, spec.Where, $"'{name}': bit(s) {BitList(covered & bits)} are assigned twice (field '{fieldName}' overlaps fixed bits or another field)");
                        item.Valid = false;
                    }
                    covered |= bits;
                }
            }
            uint all = item.Length == 32 ? uint.MaxValue : 0xFFFFu;
            if ((covered & all) != all)
            {
                Report(IsaDiagnostics.Uncovered, spec.Where, $"'{name}': bit(s) {BitList(all & ~covered)} are neither fixed nor part of a field");
                item.Valid = false;
            }

            // The length is told by the low two bits: 11 for 32-bit, anything else for 16-bit.
            bool lowFixed = (item.Mask & 3) == 3;
            if (item.Length == 32 && (!lowFixed || (item.Match & 3) != 3))
            {
                Report(IsaDiagnostics.Malformed, spec.Where, $"'{name}': a 32-bit instruction must fix bits 1..0 to 3");
                item.Valid = false;
            }
            if (item.Length == 16 && (!lowFixed || (item.Match & 3) == 3))
            {
                Report(IsaDiagnostics.Malformed, spec.Where, $"'{name}': a compressed instruction must fix bits 1..0 to 0, 1 or 2");
                item.Valid = false;
            }

            // Conditions name fields of this line and values those fields can hold.
            foreach (var condition in spec.Reserved.Concat(spec.Hints).Concat(spec.Canonical))
            {
                foreach (var test in condition.Tests)
                    CheckTest(item, test);
            }

            if (item.Length == 32)
            {
                BuildSlots32(item);
            }
            else if (spec.Constants.Count > 0)
            {
                Report(IsaDiagnostics.Malformed, spec.Constants[0].Where, $"'{name}': a compressed instruction takes its slot values from `=>`, not const(...)");
                item.Valid = false;
            }
            return item;
        }

        private void CheckTest(CheckedInstruction item, FieldTest test)
        {
            if (!item.FieldNames.Contains(test.Field) || !_fields.TryGetValue(test.Field, out var field))
            {
                Report(IsaDiagnostics.UnknownField, test.Where, $"'{item.Spec.Name.Name}' has no field '{test.Field}'");
                item.Valid = false;
                return;
            }
            var (min, max) = ValueRange(field);
            if (test.Value < min || test.Value > max)
            {
                Report(IsaDiagnostics.Overflow, test.Where, $"field '{test.Field}' holds {min}..{max}, not {test.Value}");
                item.Valid = false;
            }
        }

        private static (long Min, long Max) ValueRange(FieldSpec field)
        {
            int top = field.Pieces.Max(p => p.ValueHi);
            switch (field.Kind)
            {
                case "xc":
                case "fc":
                    return (8, 15);
                case "simm":
                case "pcrel":
                case "upper":
                    return (-(1L << top), (1L << top) - 1);
                default:
                    return (0, (1L << (top + 1)) - 1);
            }
        }

        private void ParseOperands(CheckedInstruction item)
        {
            var operands = item.Spec.Operands;
            string text = operands.Name;
            if (text == "-")
                return;
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (c == ',' || c == '(' || c == ')')
                {
                    item.Syntax.Add(new OperandToken(false, c.ToString()));
                    i++;
                    continue;
                }
                int start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    i++;
                if (i == start)
                {
                    Report(IsaDiagnostics.Malformed, Sub(operands.Where, start, 1), $"'{c}' cannot appear in an operand list (fields, register names and , ( ) only)");
                    item.Valid = false;
                    i++;
                    continue;
                }
                string word = text.Substring(start, i - start);
                if (_fields.ContainsKey(word))
                {
                    if (item.FieldNames.Contains(word))
                    {
                        Report(IsaDiagnostics.DoublyAssigned, Sub(operands.Where, start, word.Length), $"'{item.Spec.Name.Name}' prints field '{word}' twice");
                        item.Valid = false;
                    }
                    else
                    {
                        item.FieldNames.Add(word);
                    }
                    item.Syntax.Add(new OperandToken(true, word));
                }
                else if (Vocabulary.IntegerRegisterNumber(word) >= 0)
                {
                    item.Syntax.Add(new OperandToken(false, word));
                }
                else
                {
                    Report(IsaDiagnostics.UnknownField, Sub(operands.Where, start, word.Length), $"'{item.Spec.Name.Name}' uses unknown field '{word}'");
                    item.Valid = false;
                }
            }
        }

        private static SourceSpan Sub(SourceSpan span, int offset, int length)
            => new SourceSpan(span.Path, span.Start + offset, length, span.Line, span.StartColumn + offset, span.StartColumn + offset + length);

        private void BuildSlots32(CheckedInstruction item)
        {
            var valueBits = new Dictionary<string, ulong>(StringComparer.Ordinal);
            foreach (string fieldName in item.FieldNames)
            {
                if (!_fields.TryGetValue(fieldName, out var field))
                    continue;
                ulong bits = 0;
                foreach (var piece in field.Pieces)
                    bits |= SpecParser.RangeMask(piece.ValueHi, piece.ValueLo);
                valueBits.TryGetValue(field.Slot, out ulong used);
                if ((used & bits) != 0)
                {
                    Report(IsaDiagnostics.DoublyAssigned, item.Spec.Where, $"'{item.Spec.Name.Name}': field '{fieldName}' fills slot '{field.Slot}' bits that another field already fills");
                    item.Valid = false;
                }
                valueBits[field.Slot] = used | bits;
                item.Slots.Add(new SlotSource(field.Slot, fieldName, 0));
            }
            foreach (var constant in item.Spec.Constants)
            {
                if (!Vocabulary.Slots.Contains(constant.Field))
                {
                    Report(IsaDiagnostics.Unknown, constant.Where, $"'{constant.Field}' is not a slot ({string.Join(", ", Vocabulary.SlotList)})");
                    item.Valid = false;
                }
                else if (valueBits.ContainsKey(constant.Field) || item.Slots.Any(s => s.Slot == constant.Field))
                {
                    Report(IsaDiagnostics.DoublyAssigned, constant.Where, $"slot '{constant.Field}' already gets a value");
                    item.Valid = false;
                }
                else
                {
                    item.Slots.Add(new SlotSource(constant.Field, null, constant.Value));
                }
            }
        }

        private void CheckReferences(CheckedInstruction item, Dictionary<string, CheckedInstruction> byName)
        {
            var spec = item.Spec;
            string name = spec.Name.Name;
            if (spec.Overrides != null)
            {
                if (!byName.TryGetValue(spec.Overrides.Name, out var target))
                {
                    Report(IsaDiagnostics.Unknown, spec.Overrides.Where, $"'{name}' overrides unknown instruction '{spec.Overrides.Name}'");
                    item.Valid = false;
                }
                else if (target.Length != item.Length)
                {
                    Report(IsaDiagnostics.Overlap, spec.Overrides.Where, $"'{name}' cannot override '{target.Spec.Name.Name}', which has another length");
                    item.Valid = false;
                }
            }

            bool illegal = spec.Flags.Any(f => f.Name == "illegal");
            if (item.Length == 32)
            {
                if (spec.Expansion != null)
                {
                    Report(IsaDiagnostics.BadExpansion, spec.Expansion.Target.Where, $"'{name}' is a 32-bit instruction; only compressed instructions expand");
                    item.Valid = false;
                }
                return;
            }
            if (spec.Expansion == null)
            {
                if (!illegal)
                {
                    Report(IsaDiagnostics.BadExpansion, spec.Name.Where, $"compressed '{name}' needs `=> TARGET SLOT=VALUE...` (or `illegal`)");
                    item.Valid = false;
                }
                return;
            }
            if (illegal)
            {
                Report(IsaDiagnostics.BadExpansion, spec.Expansion.Target.Where, $"'{name}' is illegal and cannot expand");
                item.Valid = false;
                return;
            }
            if (!byName.TryGetValue(spec.Expansion.Target.Name, out var expanded) || expanded.Length != 32)
            {
                Report(IsaDiagnostics.BadExpansion, spec.Expansion.Target.Where, $"'{name}' expands to '{spec.Expansion.Target.Name}', which is not a 32-bit instruction of the spec");
                item.Valid = false;
                return;
            }
            var targetSlots = new HashSet<string>(expanded.Slots.Select(s => s.Slot), StringComparer.Ordinal);
            var given = new HashSet<string>(StringComparer.Ordinal);
            foreach (var assignment in spec.Expansion.Assignments)
            {
                if (!Vocabulary.Slots.Contains(assignment.Slot))
                {
                    Report(IsaDiagnostics.BadExpansion, assignment.Where, $"'{assignment.Slot}' is not a slot ({string.Join(", ", Vocabulary.SlotList)})");
                    item.Valid = false;
                    continue;
                }
                if (!given.Add(assignment.Slot))
                {
                    Report(IsaDiagnostics.DoublyAssigned, assignment.Where, $"slot '{assignment.Slot}' is assigned twice");
                    item.Valid = false;
                    continue;
                }
                if (!targetSlots.Contains(assignment.Slot))
                {
                    Report(IsaDiagnostics.BadExpansion, assignment.Where, $"'{expanded.Spec.Name.Name}' has no '{assignment.Slot}' operand");
                    item.Valid = false;
                    continue;
                }
                string value = assignment.Value;
                if (item.FieldNames.Contains(value))
                {
                    item.Slots.Add(new SlotSource(assignment.Slot, value, 0));
                }
                else if (Vocabulary.IntegerRegisterNumber(value) >= 0)
                {
                    item.Slots.Add(new SlotSource(assignment.Slot, null, Vocabulary.IntegerRegisterNumber(value)));
                }
                else if (SpecParser.TryParseNumber(value, out ulong number))
                {
                    item.Slots.Add(new SlotSource(assignment.Slot, null, (long)number));
                }
                else
                {
                    Report(IsaDiagnostics.UnknownField, assignment.Where, $"'{value}' is neither a field of '{name}', a register name nor a number");
                    item.Valid = false;
                }
            }
            foreach (string missing in targetSlots.Where(s => !given.Contains(s)).OrderBy(s => s, StringComparer.Ordinal))
            {
                Report(IsaDiagnostics.BadExpansion, spec.Expansion.Target.Where, $"'{name}' leaves '{expanded.Spec.Name.Name}' operand '{missing}' unassigned");
                item.Valid = false;
            }
        }

        /// <summary>Two patterns overlap when some word matches both; that is allowed only along an overrides chain.</summary>
        private void CheckOverlaps(List<CheckedInstruction> all, Dictionary<string, CheckedInstruction> byName, CancellationToken cancellationToken)
        {
            for (int i = 0; i < all.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var a = all[i];
                for (int j = i + 1; j < all.Count; j++)
                {
                    var b = all[j];
                    if (a.Length != b.Length || ((a.Match ^ b.Match) & a.Mask & b.Mask) != 0)
                        continue;
                    if (Overrides(a, b, byName) && IsStrictlyMoreSpecific(a, b))
                        continue;
                    if (Overrides(b, a, byName) && IsStrictlyMoreSpecific(b, a))
                        continue;
                    Report(IsaDiagnostics.Overlap, b.Spec.Name.Where,
                        $"'{b.Spec.Name.Name}' and '{a.Spec.Name.Name}' ({Describe(a.Spec.Name.Where)}) can match the same word; mark the more specific one with overrides(...)");
                    b.Valid = false;
                }
            }
        }

        private static bool IsStrictlyMoreSpecific(CheckedInstruction specific, CheckedInstruction general)
            => (specific.Mask & general.Mask) == general.Mask && specific.Mask != general.Mask;

        private static bool Overrides(CheckedInstruction a, CheckedInstruction b, Dictionary<string, CheckedInstruction> byName)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var current = a;
            while (current.Spec.Overrides != null && seen.Add(current.Spec.Name.Name))
            {
                if (current.Spec.Overrides.Name == b.Spec.Name.Name)
                    return true;
                if (!byName.TryGetValue(current.Spec.Overrides.Name, out current!))
                    return false;
            }
            return false;
        }

        private InstructionModel ToModel(CheckedInstruction item, Dictionary<string, CheckedInstruction> byName)
        {
            var spec = item.Spec;
            string extension = spec.Extension!.Name;
            var flagNames = new HashSet<string>(spec.Flags.Select(f => f.Name), StringComparer.Ordinal);
            uint flags = 0;
            int width = Math.Max(spec.LoadWidth, spec.StoreWidth);
            bool signed = spec.LoadWidth != 0 && !spec.LoadUnsigned;
            int privilege = spec.Privilege == null ? 0 : spec.Privilege.Name == "M" ? 3 : 1;
            if (flagNames.Contains("ends-block")) flags |= FlagBits.EndsBlock;
            if (flagNames.Contains("branch")) flags |= FlagBits.Branch | FlagBits.EndsBlock;
            if (flagNames.Contains("jump")) flags |= FlagBits.Jump | FlagBits.EndsBlock;
            if (flagNames.Contains("amo")) flags |= FlagBits.Amo;
            if (flagNames.Contains("fence")) flags |= FlagBits.Fence;
            if (spec.LoadWidth != 0) flags |= FlagBits.Load;
            if (spec.StoreWidth != 0) flags |= FlagBits.Store;
            if (extension == "F" || extension == "D") flags |= FlagBits.FloatingPoint;
            if (extension == "Zicsr") flags |= FlagBits.Csr | FlagBits.EndsBlock;
            if (privilege != 0) flags |= FlagBits.Privileged;
            if (item.FieldNames.Any(f => _fields[f].Kind == "rm")) flags |= FlagBits.HasRoundingMode;

            string? expandsTo = null;
            if (item.Length == 16)
            {
                flags = FlagBits.Compressed;
                width = 0;
                signed = false;
                if (spec.Expansion != null && byName.TryGetValue(spec.Expansion.Target.Name, out var target))
                {
                    // A compressed form behaves like its expansion, so it shares that metadata.
                    var targetModel = ToModel(target, byName);
                    flags |= targetModel.Flags;
                    width = targetModel.MemoryWidth;
                    signed = targetModel.MemorySigned;
                    privilege = targetModel.Privilege;
                    expandsTo = targetModel.OpcodeName;
                }
            }

            bool ordering = item.FieldNames.Any(f => _fields[f].Slot == "aq") && item.FieldNames.Any(f => _fields[f].Slot == "rl");
            string summary = spec.Operands.Name == "-" ? spec.Name.Name : spec.Name.Name + " " + spec.Operands.Name;
            return new InstructionModel(
                spec.Name.Name,
                Naming.ToPascal(spec.Name.Name),
                extension,
                item.Length,
                item.Mask,
                item.Match,
                item.Syntax.ToEquatableArray(),
                item.Slots.ToEquatableArray(),
                flags,
                width,
                signed,
                privilege,
                spec.Overrides?.Name,
                spec.Reserved.Select(ToCondition).ToEquatableArray(),
                spec.Canonical.Select(ToCondition).ToEquatableArray(),
                expandsTo,
                flagNames.Contains("illegal"),
                ordering,
                summary);
        }

        private static ConditionModel ToCondition(Condition condition)
            => new ConditionModel(condition.Tests.Select(t => new FieldValueTest(t.Field, t.Value)).ToEquatableArray());

        private static string BitList(uint bits)
        {
            var parts = new List<string>();
            int bit = 31;
            while (bit >= 0)
            {
                if ((bits & (1u << bit)) == 0)
                {
                    bit--;
                    continue;
                }
                int hi = bit;
                while (bit >= 0 && (bits & (1u << bit)) != 0)
                    bit--;
                int lo = bit + 1;
                parts.Add(hi == lo ? hi.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{hi}..{lo}");
            }
            return string.Join(", ", parts);
        }
    }
}
