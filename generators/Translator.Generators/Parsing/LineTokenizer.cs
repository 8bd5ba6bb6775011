using System.Collections.Generic;

namespace Translator.Generators.Parsing
{
    /// <summary>A whitespace-separated word of a spec line and the column it starts at.</summary>
    internal readonly struct Token
    {
        public Token(string text, int column)
        {
            Text = text;
            Column = column;
        }

        public string Text { get; }

        public int Column { get; }
    }

    internal static class LineTokenizer
    {
        /// <summary>Splits a line on whitespace, stopping at '#'; a parenthesised group stays one token.</summary>
        public static List<Token> Split(string line)
        {
            var tokens = new List<Token>();
            int i = 0;
            while (i < line.Length)
            {
                char c = line[i];
                if (c == '#')
                    break;
                if (char.IsWhiteSpace(c))
                {
                    i++;
                    continue;
                }
                int start = i;
                int depth = 0;
                while (i < line.Length && line[i] != '#' && (depth > 0 || !char.IsWhiteSpace(line[i])))
                {
                    if (line[i] == '(')
                        depth++;
                    else if (line[i] == ')')
                        depth--;
                    i++;
                }
                tokens.Add(new Token(line.Substring(start, i - start), start));
            }
            return tokens;
        }
    }
}
