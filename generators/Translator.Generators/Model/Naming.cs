using System.Text;

namespace Translator.Generators.Model
{
    internal static class Naming
    {
        /// <summary>"fcvt.w.s" -> "FcvtWS", "c.addi" -> "CAddi": split on '.', PascalCase each part.</summary>
        public static string ToPascal(string mnemonic)
        {
            var sb = new StringBuilder(mnemonic.Length);
            foreach (var part in mnemonic.Split('.'))
            {
                if (part.Length == 0)
                    continue;
                sb.Append(char.ToUpperInvariant(part[0]));
                sb.Append(part, 1, part.Length - 1);
            }
            return sb.ToString();
        }
    }
}
