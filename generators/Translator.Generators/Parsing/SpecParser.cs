using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Translator.Generators.Model;

namespace Translator.Generators.Parsing
{
    /// <summary>
    /// Reads one spec file into records. Checks what one line can tell on its own (syntax, value
    /// ranges); checks across lines live in <see cref="ModelBuilder"/>. Every problem is collected.
    /// </summary>
    internal sealed class SpecParser
    {
        private static readonly HashSet<string> s_simpleFlags = new HashSet<string>(StringComparer.Ordinal)
        {
            "branch", "jump", "amo", "fence", "ends-block", "illegal",
        };

        private readonly string _path;
        private readonly List<FieldSpec> _fields = new List<FieldSpec>();
        private readonly List<InstructionSpec> _instructions = new List<InstructionSpec>();
        private readonly List<CsrSpec> _csrs = new List<CsrSpec>();
        private readonly List<DiagnosticInfo> _diagnostics = new List<DiagnosticInfo>();
        private string _lineText = "";
        private int _lineStart;
        private int _lineNumber;

        private SpecParser(string path) => _path = path;

        public static ParsedFile Parse(string path, string text, CancellationToken cancellationToken)
        {
            var parser = new SpecParser(path);
            int lineStart = 0;
            int lineNumber = 0;
            while (lineStart <= text.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int end = text.IndexOf('\n', lineStart);
                int next = end < 0 ? text.Length + 1 : end + 1;
                if (end < 0)
                    end = text.Length;
                string line = text.Substring(lineStart, end - lineStart).TrimEnd('\r');
                parser.ParseLine(line, lineStart, lineNumber);
                lineStart = next;
                lineNumber++;
            }
            return new ParsedFile(
                path,
                parser._fields.ToEquatableArray(),
                parser._instructions.ToEquatableArray(),
                parser._csrs.ToEquatableArray(),
                parser._diagnostics.ToEquatableArray());
        }

        private void ParseLine(string line, int lineStart, int lineNumber)
        {
            _lineText = line;
            _lineStart = lineStart;
            _lineNumber = lineNumber;
            var tokens = LineTokenizer.Split(line);
            if (tokens.Count == 0)
                return;
            switch (tokens[0].Text)
            {
                case "field":
                    ParseField(tokens);
                    break;
                case "csr":
                    ParseCsr(tokens);
                    break;
                default:
                    ParseInstruction(tokens);
                    break;
            }
        }

        private SourceSpan Span(int column, int length)
            => new SourceSpan(_path, _lineStart + column, length, _lineNumber, column, column + length);

        private SourceSpan Span(Token token) => Span(token.Column, token.Text.Length);

        private SourceSpan WholeLine()
        {
            int first = 0;
            while (first < _lineText.Length && char.IsWhiteSpace(_lineText[first]))
                first++;
            return Span(first, Math.Max(1, _lineText.TrimEnd().Length - first));
        }

        private void Report(Microsoft.CodeAnalysis.DiagnosticDescriptor descriptor, SourceSpan where, string message)
            => _diagnostics.Add(new DiagnosticInfo(descriptor.Id, message, where));

        private void ParseCsr(List<Token> tokens)
        {
            if (tokens.Count != 3 || !TryParseNumber(tokens[1].Text, out ulong number) || !IsIdentifier(tokens[2].Text))
            {
                Report(IsaDiagnostics.Malformed, WholeLine(), "expected `csr NUMBER NAME`");
                return;
            }
            if (number > 0xFFF)
            {
                Report(IsaDiagnostics.Overflow, Span(tokens[1]), $"CSR number {tokens[1].Text} does not fit 12 bits");
                return;
            }
            _csrs.Add(new CsrSpec((int)number, tokens[2].Text, Span(tokens[2])));
        }

        private void ParseField(List<Token> tokens)
        {
            if (tokens.Count < 5)
            {
                Report(IsaDiagnostics.Malformed, WholeLine(), "expected `field NAME KIND SLOT PIECES...`");
                return;
            }
            bool ok = true;
            if (!IsIdentifier(tokens[1].Text))
            {
                Report(IsaDiagnostics.Malformed, Span(tokens[1]), $"'{tokens[1].Text}' is not a valid field name");
                ok = false;
            }
            if (!Vocabulary.FieldKinds.Contains(tokens[2].Text))
            {
                Report(IsaDiagnostics.Unknown, Span(tokens[2]), $"unknown field kind '{tokens[2].Text}' (expected one of {string.Join(", ", Vocabulary.FieldKinds)})");
                ok = false;
            }
            if (!Vocabulary.Slots.Contains(tokens[3].Text))
            {
                Report(IsaDiagnostics.Unknown, Span(tokens[3]), $"unknown slot '{tokens[3].Text}' (expected one of {string.Join(", ", Vocabulary.Slots)})");
                ok = false;
            }
            var pieces = new List<BitPiece>();
            var implicitPieces = new List<(int Hi, int Lo)>();
            for (int i = 4; i < tokens.Count; i++)
            {
                var token = tokens[i];
                string text = token.Text;
                int colon = text.IndexOf(':');
                string instText = colon < 0 ? text : text.Substring(0, colon);
                if (!TryParseRange(instText, out int hi, out int lo) || hi > 31)
                {
                    Report(IsaDiagnostics.Malformed, Span(token), $"'{text}' is not a bit piece: expected HI..LO[:HI..LO] within 31..0");
                    ok = false;
                    continue;
                }
                if (colon < 0)
                {
                    implicitPieces.Add((hi, lo));
                    continue;
                }
                if (!TryParseRange(text.Substring(colon + 1), out int vhi, out int vlo) || vhi > 31)
                {
                    Report(IsaDiagnostics.Malformed, Span(token), $"'{text}' has a malformed value range after ':' (value bits are 31..0)");
                    ok = false;
                    continue;
                }
                if (vhi - vlo != hi - lo)
                {
                    Report(IsaDiagnostics.Malformed, Span(token), $"'{text}': {hi - lo + 1} instruction bits cannot fill {vhi - vlo + 1} value bits");
                    ok = false;
                    continue;
                }
                pieces.Add(new BitPiece(hi, lo, vlo));
            }
            if (implicitPieces.Count > 0 && pieces.Count > 0)
            {
                Report(IsaDiagnostics.Malformed, WholeLine(), "either every piece names its value bits (INST:VALUE) or none does");
                ok = false;
            }
            // Pieces without value bits are concatenated, the last one lowest.
            int valueLo = 0;
            for (int i = implicitPieces.Count - 1; i >= 0; i--)
            {
                var (hi, lo) = implicitPieces[i];
                pieces.Insert(0, new BitPiece(hi, lo, valueLo));
                valueLo += hi - lo + 1;
            }
            ulong used = 0;
            foreach (var piece in pieces)
            {
                if (piece.ValueHi > 31)
                {
                    Report(IsaDiagnostics.Overflow, WholeLine(), $"field '{tokens[1].Text}' needs value bit {piece.ValueHi}; values have 32 bits");
                    ok = false;
                    continue;
                }
                ulong bits = RangeMask(piece.ValueHi, piece.ValueLo);
                if ((used & bits) != 0)
                {
                    Report(IsaDiagnostics.DoublyAssigned, WholeLine(), $"field '{tokens[1].Text}' fills value bit(s) {piece.ValueHi}..{piece.ValueLo} twice");
                    ok = false;
                }
                used |= bits;
            }
            if (ok)
                _fields.Add(new FieldSpec(tokens[1].Text, tokens[2].Text, tokens[3].Text, pieces.ToEquatableArray(), Span(tokens[1])));
        }

        private void ParseInstruction(List<Token> tokens)
        {
            var nameToken = tokens[0];
            if (!IsMnemonic(nameToken.Text))
            {
                Report(IsaDiagnostics.Malformed, Span(nameToken), $"'{nameToken.Text}' is not a valid mnemonic (lowercase words separated by '.')");
                return;
            }
            if (tokens.Count < 3)
            {
                Report(IsaDiagnostics.Malformed, WholeLine(), "expected `NAME OPERANDS ENCODING... EXTENSION [ATTRIBUTES] [=> TARGET SLOT=VALUE...]`");
                return;
            }
            bool ok = true;
            var encoding = new List<EncodingItem>();
            var extra = new List<NameRef>();
            var flags = new List<NameRef>();
            var reserved = new List<Condition>();
            var hints = new List<Condition>();
            var canonical = new List<Condition>();
            var constants = new List<FieldTest>();
            NameRef? extension = null, privilege = null, overrides = null;
            int loadWidth = 0, storeWidth = 0;
            bool loadUnsigned = false;
            ExpansionSpec? expansion = null;

            for (int i = 2; i < tokens.Count; i++)
            {
                var token = tokens[i];
                string text = token.Text;
                if (text == "=>")
                {
                    expansion = ParseExpansion(tokens, i + 1, ref ok);
                    break;
                }
                if (text.Length > 0 && char.IsDigit(text[0]))
                {
                    if (TryParseEncoding(token, out var item))
                        encoding.Add(item!);
                    else
                        ok = false;
                    continue;
                }
                if (text.Length > 1 && text[0] == '+')
                {
                    extra.Add(new NameRef(text.Substring(1), Span(token.Column + 1, text.Length - 1)));
                    continue;
                }
                if (Vocabulary.Extensions.Contains(text))
                {
                    if (extension != null)
                    {
                        Report(IsaDiagnostics.Duplicate, Span(token), $"second extension '{text}' (already '{extension.Name}')");
                        ok = false;
                    }
                    extension = new NameRef(text, Span(token));
                    continue;
                }
                if (s_simpleFlags.Contains(text))
                {
                    flags.Add(new NameRef(text, Span(token)));
                    continue;
                }
                if (text == "hint")
                {
                    hints.Add(new Condition(EquatableArray<FieldTest>.Empty, Span(token)));
                    continue;
                }
                int open = text.IndexOf('(');
                if (open > 0 && text.EndsWith(")", StringComparison.Ordinal))
                {
                    string key = text.Substring(0, open);
                    string argument = text.Substring(open + 1, text.Length - open - 2).Trim();
                    var argumentSpan = Span(token.Column + open + 1, Math.Max(1, text.Length - open - 2));
                    switch (key)
                    {
                        case "load":
                        case "store":
                            bool unsigned = argument.EndsWith("u", StringComparison.Ordinal);
                            string widthText = unsigned ? argument.Substring(0, argument.Length - 1) : argument;
                            if (!int.TryParse(widthText, NumberStyles.None, CultureInfo.InvariantCulture, out int width)
                                || (width != 1 && width != 2 && width != 4 && width != 8) || (unsigned && key == "store"))
                            {
                                Report(IsaDiagnostics.Malformed, argumentSpan, $"{key}({argument}): expected a width of 1, 2, 4 or 8 bytes{(key == "load" ? ", optionally followed by 'u'" : "")}");
                                ok = false;
                            }
                            else if (key == "load")
                            {
                                loadWidth = width;
                                loadUnsigned = unsigned;
                            }
                            else
                            {
                                storeWidth = width;
                            }
                            continue;
                        case "priv":
                            if (argument != "S" && argument != "M")
                            {
                                Report(IsaDiagnostics.Malformed, argumentSpan, $"priv({argument}): expected S or M");
                                ok = false;
                            }
                            privilege = new NameRef(argument, argumentSpan);
                            continue;
                        case "overrides":
                            overrides = new NameRef(argument, argumentSpan);
                            continue;
                        case "const":
                            constants.AddRange(ParseCondition(argument, token.Column + open + 1, ref ok).Tests);
                            continue;
                        case "reserved":
                        case "hint":
                        case "canon":
                            var condition = ParseCondition(argument, token.Column + open + 1, ref ok);
                            (key == "reserved" ? reserved : key == "hint" ? hints : canonical).Add(condition);
                            continue;
                    }
                }
                Report(IsaDiagnostics.Malformed, Span(token), $"'{text}' is not an encoding (HI..LO=VALUE), +field, extension or attribute");
                ok = false;
            }

            if (extension == null)
            {
                Report(IsaDiagnostics.Malformed, Span(nameToken), $"'{nameToken.Text}' names no extension (one of {string.Join(", ", Vocabulary.ExtensionOrder)})");
                ok = false;
            }
            if (!ok)
                return;
            var operands = new NameRef(tokens[1].Text, Span(tokens[1]));
            _instructions.Add(new InstructionSpec(
                new NameRef(nameToken.Text, Span(nameToken)),
                operands,
                encoding.ToEquatableArray(),
                extra.ToEquatableArray(),
                extension,
                flags.ToEquatableArray(),
                loadWidth,
                loadUnsigned,
                storeWidth,
                privilege,
                overrides,
                reserved.ToEquatableArray(),
                hints.ToEquatableArray(),
                canonical.ToEquatableArray(),
                constants.ToEquatableArray(),
                expansion,
                WholeLine()));
        }

        private ExpansionSpec? ParseExpansion(List<Token> tokens, int start, ref bool ok)
        {
            if (start >= tokens.Count || !IsMnemonic(tokens[start].Text))
            {
                Report(IsaDiagnostics.Malformed, start < tokens.Count ? Span(tokens[start]) : Span(tokens[start - 1]), "'=>' must be followed by the mnemonic of a 32-bit instruction");
                ok = false;
                return null;
            }
            var assignments = new List<SlotAssignment>();
            for (int i = start + 1; i < tokens.Count; i++)
            {
                string text = tokens[i].Text;
                int eq = text.IndexOf('=');
                if (eq <= 0 || eq == text.Length - 1)
                {
                    Report(IsaDiagnostics.Malformed, Span(tokens[i]), $"'{text}' is not SLOT=VALUE");
                    ok = false;
                    continue;
                }
                assignments.Add(new SlotAssignment(text.Substring(0, eq), text.Substring(eq + 1), Span(tokens[i])));
            }
            return new ExpansionSpec(new NameRef(tokens[start].Text, Span(tokens[start])), assignments.ToEquatableArray());
        }

        private Condition ParseCondition(string argument, int column, ref bool ok)
        {
            var tests = new List<FieldTest>();
            int offset = 0;
            foreach (string rawPart in argument.Split(','))
            {
                string part = rawPart.Trim();
                int partColumn = column + offset + (rawPart.Length - rawPart.TrimStart().Length);
                offset += rawPart.Length + 1;
                var span = Span(partColumn, Math.Max(1, part.Length));
                int eq = part.IndexOf('=');
                if (eq <= 0 || !TryParseNumber(part.Substring(eq + 1), out ulong value))
                {
                    Report(IsaDiagnostics.Malformed, span, $"'{part}' is not FIELD=VALUE");
                    ok = false;
                    continue;
                }
                tests.Add(new FieldTest(part.Substring(0, eq), (long)value, span));
            }
            return new Condition(tests.ToEquatableArray(), Span(column, Math.Max(1, argument.Length)));
        }

        private bool TryParseEncoding(Token token, out EncodingItem? item)
        {
            item = null;
            string text = token.Text;
            int eq = text.IndexOf('=');
            if (eq < 0 || !TryParseRange(text.Substring(0, eq), out int hi, out int lo) || !TryParseNumber(text.Substring(eq + 1), out ulong value))
            {
                Report(IsaDiagnostics.Malformed, Span(token), $"'{text}' is not an encoding: expected HI..LO=VALUE or BIT=VALUE");
                return false;
            }
            if (hi > 31)
            {
                Report(IsaDiagnostics.Overflow, Span(token), $"'{text}': bit {hi} is outside a 32-bit instruction");
                return false;
            }
            int width = hi - lo + 1;
            if (width < 64 && value >> width != 0)
            {
                Report(IsaDiagnostics.Overflow, Span(token), $"'{text}': value {text.Substring(eq + 1)} does not fit in {width} bit(s) {hi}..{lo}");
                return false;
            }
            item = new EncodingItem(hi, lo, value, Span(token));
            return true;
        }

        private static bool TryParseRange(string text, out int hi, out int lo)
        {
            hi = lo = 0;
            int dots = text.IndexOf("..", StringComparison.Ordinal);
            if (dots < 0)
            {
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out hi))
                    return false;
                lo = hi;
                return true;
            }
            return int.TryParse(text.Substring(0, dots), NumberStyles.None, CultureInfo.InvariantCulture, out hi)
                && int.TryParse(text.Substring(dots + 2), NumberStyles.None, CultureInfo.InvariantCulture, out lo)
                && hi >= lo;
        }

        public static bool TryParseNumber(string text, out ulong value)
        {
            value = 0;
            if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
                return text.Length > 2 && ulong.TryParse(text.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
            if (text.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
            {
                if (text.Length <= 2)
                    return false;
                foreach (char c in text.Substring(2))
                {
                    if (c != '0' && c != '1')
                        return false;
                    value = (value << 1) | (uint)(c - '0');
                }
                return true;
            }
            return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        public static ulong RangeMask(int hi, int lo)
            => (hi - lo + 1 >= 64 ? ulong.MaxValue : ((1UL << (hi - lo + 1)) - 1)) << lo;

        private static bool IsIdentifier(string text)
        {
            if (text.Length == 0 || !char.IsLetter(text[0]))
                return false;
            foreach (char c in text)
            {
                if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_')
                    return false;
            }
            return true;
        }

        private static bool IsMnemonic(string text)
        {
            foreach (string part in text.Split('.'))
            {
                if (!IsIdentifier(part))
                    return false;
            }
            return true;
        }
    }
}
