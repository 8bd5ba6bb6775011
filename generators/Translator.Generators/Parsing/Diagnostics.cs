using Microsoft.CodeAnalysis;

namespace Translator.Generators.Parsing
{
    /// <summary>The problems the spec reader and validator report, one descriptor per kind.</summary>
    internal static class IsaDiagnostics
    {
        private const string Category = "Translator.Isa";

        public static readonly DiagnosticDescriptor Malformed = Error("ISA001", "Malformed spec line", "{0}");
        public static readonly DiagnosticDescriptor UnknownField = Error("ISA002", "Unknown field", "{0}");
        public static readonly DiagnosticDescriptor Overflow = Error("ISA003", "Value does not fit its bit range", "{0}");
        public static readonly DiagnosticDescriptor Uncovered = Error("ISA004", "Instruction bits not assigned", "{0}");
        public static readonly DiagnosticDescriptor DoublyAssigned = Error("ISA005", "Instruction bits assigned twice", "{0}");
        public static readonly DiagnosticDescriptor Overlap = Error("ISA006", "Overlapping encodings", "{0}");
        public static readonly DiagnosticDescriptor Unknown = Error("ISA007", "Unknown name", "{0}");
        public static readonly DiagnosticDescriptor Duplicate = Error("ISA008", "Duplicate definition", "{0}");
        public static readonly DiagnosticDescriptor BadExpansion = Error("ISA009", "Invalid compressed expansion", "{0}");

        public static DiagnosticDescriptor? Find(string id)
        {
            switch (id)
            {
                case "ISA001": return Malformed;
                case "ISA002": return UnknownField;
                case "ISA003": return Overflow;
                case "ISA004": return Uncovered;
                case "ISA005": return DoublyAssigned;
                case "ISA006": return Overlap;
                case "ISA007": return Unknown;
                case "ISA008": return Duplicate;
                case "ISA009": return BadExpansion;
                default: return null;
            }
        }

        private static DiagnosticDescriptor Error(string id, string title, string format)
            => new DiagnosticDescriptor(id, title, format, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    }
}
