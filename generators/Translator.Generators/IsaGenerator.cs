using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Translator.Generators.Emit;
using Translator.Generators.Model;
using Translator.Generators.Parsing;

namespace Translator.Generators
{
    /// <summary>
    /// Turns the ISA spec files (AdditionalFiles ending in .isa) into the Opcode enum, the decoder,
    /// operand extraction, the metadata table and the disassembler of Translator.Isa.
    /// Pipeline: read each file -> parse it -> join and validate into one model -> emit.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class IsaGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline steps, for tests of incremental caching.</summary>
        public static class Steps
        {
            public const string SpecText = nameof(SpecText);
            public const string Parsed = nameof(Parsed);
            public const string Model = nameof(Model);
            public const string Diagnostics = nameof(Diagnostics);
            public const string Isa = nameof(Isa);
        }

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var texts = context.AdditionalTextsProvider
                .Where(file => file.Path.EndsWith(".isa", StringComparison.OrdinalIgnoreCase))
                .Select((file, ct) => (Path: file.Path, Text: file.GetText(ct)?.ToString() ?? ""))
                .WithTrackingName(Steps.SpecText);

            var parsed = texts
                .Select((file, ct) => SpecParser.Parse(file.Path, file.Text, ct))
                .WithTrackingName(Steps.Parsed);

            var built = parsed.Collect()
                .Select((files, ct) => ModelBuilder.Build(files, ct))
                .WithTrackingName(Steps.Model);

            var diagnostics = built.Select((result, _) => result.Diagnostics).WithTrackingName(Steps.Diagnostics);
            var model = built.Select((result, _) => result.Model).WithTrackingName(Steps.Isa);

            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (var info in list)
                    spc.ReportDiagnostic(ToDiagnostic(info));
            });

            context.RegisterSourceOutput(model, static (spc, isa) =>
            {
                if (isa.Instructions.Count == 0)
                    return;
                spc.AddSource("Opcode.g.cs", OpcodeEmitter.Emit(isa));
                spc.AddSource("IsaFields.g.cs", FieldEmitter.Emit(isa));
                spc.AddSource("Decoder.g.cs", DecoderEmitter.Emit(isa));
                spc.AddSource("InstructionTable.g.cs", TableEmitter.Emit(isa));
                spc.AddSource("Disassembler.g.cs", DisassemblerEmitter.Emit(isa));
                spc.AddSource("CsrNames.g.cs", DisassemblerEmitter.EmitCsrNames(isa));
            });
        }

        private static Diagnostic ToDiagnostic(DiagnosticInfo info)
        {
            var where = info.Where;
            var location = Location.Create(
                where.Path,
                new TextSpan(where.Start, where.Length),
                new LinePositionSpan(new LinePosition(where.Line, where.StartColumn), new LinePosition(where.Line, where.EndColumn)));
            return Diagnostic.Create(IsaDiagnostics.Find(info.Id) ?? IsaDiagnostics.Malformed, location, info.Message);
        }
    }
}
