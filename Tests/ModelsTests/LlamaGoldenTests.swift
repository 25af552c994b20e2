import CQuantKernels
import CVectorKernels
import Foundation
import Models
import Testing

/// SmolLM2-135M against two references in `../shared/golden/`:
/// - `smollm2_exact.json`, the exact model (every weight dequantized, float64 throughout):
///   what each path's real error is measured against;
/// - `smollm2.json`, llama.cpp's own Q4_1 run (8-bit activations): the token ids, the
///   greedy chat completions, and the error yardstick for Quarry's 8-bit-activation path.
@Suite("SmolLM2 decoder against the exact model and llama.cpp", .serialized)
struct LlamaGoldenTests {
    static let decoder: Result<LlamaDecoder, any Error> = Result {
        try LlamaDecoder(path: ModelLocator().requireDecoderFile())
    }

    /// Which C kernel paths run: each quantised-kernel path this CPU supports (AVX-512
    /// VNNI, AVX-512BW, AVX2: the vector paths, with CVectorKernels' vector paths too) or
    /// the scalar fallback of machines without them (both modules scalar).
    struct KernelPath: CustomTestStringConvertible, Sendable {
        var path: cqk_path
        var testDescription: String { String(cString: cqk_path_name(path)) }

        static let scalar = KernelPath(path: CQK_PATH_SCALAR)
        /// Every path this CPU can run, scalar first.
        static let supported = [CQK_PATH_SCALAR, CQK_PATH_AVX2, CQK_PATH_AVX512BW, CQK_PATH_AVX512VNNI]
            .filter { cqk_path_supported($0) == 1 }.map(KernelPath.init)
        /// The path a user gets here, and the scalar one.
        static let bestAndScalar = [KernelPath(path: cqk_best_path()), scalar]

        /// Runs `body` with the C kernels on this path, then restores the best paths.
        func run<T>(_ body: () throws -> T) rethrows -> T {
            cqk_force_path(Int32(path.rawValue))
            cvk_use_vector_paths(path == CQK_PATH_SCALAR ? 0 : 1)
            defer {
                cqk_force_path(-1)
                cvk_use_vector_paths(1)
            }
            return try body()
        }
    }

    /// One golden text with both references' log p(token i+1 | 0…i).
    struct GoldenText {
        var label: String
        var ids: [Int]
        var exact: [Double]
        var exactArgmax: [Int]
        /// Gap between the exact model's two best logits at each position.
        var exactMargin: [Double]
        var llama: [Double]
        var llamaArgmax: [Int]

        /// Every text of 2 tokens or more, in the exact file's order, joined by text with
        /// llama.cpp's file, whose token ids both references must share.
        static func all() throws -> [GoldenText] {
            let llamaCases = Dictionary(
                try GoldenFiles.cases("smollm2.json").map { ($0["text"] as! String, $0) }, uniquingKeysWith: { first, _ in first })
            return try GoldenFiles.cases("smollm2_exact.json").compactMap { item in
                guard let exact = item["next_token_logprobs"] as? [Double] else { return nil }
                let text = item["text"] as! String
                let llama = try #require(llamaCases[text], "smollm2.json lacks \(text.prefix(40))")
                let ids = item["token_ids"] as! [Int]
                try #require(llama["token_ids"] as? [Int] == ids, "the two golden files tokenize \(text.prefix(40)) differently")
                return GoldenText(
                    label: String(text.prefix(40)).replacingOccurrences(of: "\n", with: " "), ids: ids, exact: exact,
                    exactArgmax: item["argmax_next"] as! [Int], exactMargin: item["top1_margin"] as! [Double],
                    llama: llama["next_token_logprobs"] as! [Double], llamaArgmax: llama["argmax_next"] as! [Int])
            }
        }
    }

    /// log p(token i+1 | 0…i) and the argmax at each position, from one batch (Float32
    /// activations and sgemm, the scoring and prompt path).
    static func batchScores(_ ids: [Int], _ decoder: LlamaDecoder) throws -> (logProbabilities: [Double], argmax: [Int]) {
        let scores = try decoder.score(ids)
        return (scores.logProbabilities.map(Double.init), scores.argmax)
    }

    /// The same, one token at a time through the KV cache (8-bit activations in the
    /// quantised matrix-vector kernels, as in llama.cpp: the generation path).
    static func tokenByTokenScores(_ ids: [Int], _ decoder: LlamaDecoder) throws -> (logProbabilities: [Double], argmax: [Int]) {
        let session = decoder.makeSession(capacity: ids.count)
        var logProbabilities: [Double] = [], argmax: [Int] = []
        for position in 0..<(ids.count - 1) {
            let logits = try session.appendAndPredict([ids[position]])
            let top = Double(logits.max()!)
            let logSumExp = top + log(logits.reduce(0.0) { $0 + exp(Double($1) - top) })
            logProbabilities.append(Double(logits[ids[position + 1]]) - logSumExp)
            argmax.append(logits.indices.max { logits[$0] < logits[$1] }!)
        }
        return (logProbabilities, argmax)
    }

    static func format(_ value: Double) -> String { String(format: "%.2e", value) }

    /// Float32 bounds against the exact model. Float32 keeps 24 bits (unit roundoff
    /// u = 2⁻²⁴ ≈ 6e-8). A log-probability ends ~210 roundings deep (30 layers × 7 matrix
    /// products with inner dimensions 576–1536, plus norms and softmaxes); each product's
    /// relative error grows like √n·u ≤ √1536·u ≈ 2.3e-6, and independent errors along the
    /// chain add in quadrature: √210 · 2.3e-6 ≈ 3.4e-5 relative on the final hidden state.
    /// A log-probability is a difference of logits, and those differences reach ~30 nats
    /// here (the golden log-probabilities go down to −23), so one position may be off by
    /// up to ~2 · 30 · 3.4e-5 ≈ 2e-3 nats: that is `maxBound`.
    /// Averaged over a text the errors are far smaller (~3e-6 measured): `meanBound` at
    /// 1e-4 still catches any real error (a wrong weight, a wrong dequantization, a
    /// misplaced RoPE pair or norm moves the mean by ≥ 1e-2). The argmax must match the
    /// exact model wherever its two best logits are further apart than two `maxBound`s
    /// (near-ties may flip).
    static let meanBound = 1e-4
    static let maxBound = 2e-3

    /// Batches never reach the quantised kernels (sgemm on decoded weights), so two paths suffice.
    @Test("Float32 batch scoring matches the exact model to float32 precision", arguments: KernelPath.bestAndScalar)
    func batchAgainstExact(kernels: KernelPath) throws {
        let decoder = try Self.decoder.get()
        var worstMean = 0.0, worstMax = 0.0, positions = 0, checkedTop1 = 0
        for text in try GoldenText.all() {
            let scores = try kernels.run { try Self.batchScores(text.ids, decoder) }
            try #require(scores.logProbabilities.count == text.exact.count, "\(text.label)")
            let deltas = zip(scores.logProbabilities, text.exact).map { abs($0 - $1) }
            let mean = deltas.reduce(0, +) / Double(deltas.count), maximum = deltas.max()!
            print("exact smollm2 batch \(kernels.testDescription): \(text.label) | mean |Δ| \(Self.format(mean)) | max |Δ| \(Self.format(maximum))")
            #expect(mean <= Self.meanBound, "\(text.label): mean |Δ logprob| \(mean) nats from the exact model")
            #expect(maximum <= Self.maxBound, "\(text.label): max |Δ logprob| \(maximum) nats from the exact model")
            for (position, margin) in text.exactMargin.enumerated() where margin > 2 * Self.maxBound {
                #expect(scores.argmax[position] == text.exactArgmax[position], "\(text.label): top-1 at \(position), exact margin \(margin)")
                checkedTop1 += 1
            }
            worstMean = max(worstMean, mean)
            worstMax = max(worstMax, maximum)
            positions += deltas.count
        }
        print("exact smollm2 batch \(kernels.testDescription): worst mean |Δ| \(Self.format(worstMean)), worst max |Δ| \(Self.format(worstMax)) over \(positions) positions; top-1 checked at \(checkedTop1)")
        #expect(positions >= 2000)
    }

    /// How far an 8-bit-activation run may sit from the exact model: as far as llama.cpp's
    /// own Q4_1 run does on the same text, plus sampling noise. Rounding activations to 8
    /// bits moves each log-probability by a small pseudo-random error e_i (llama.cpp: ~0.06
    /// nats per token, up to 0.7); which way each one falls depends on float summation
    /// order, so two correct implementations — llama.cpp, Quarry on AVX2, AVX-512 or scalar
    /// code — are two draws of errors of the same size, and llama.cpp run again on another
    /// machine already differs from its golden file by 0.02–0.10 nats per text. So the
    /// bounds compare the two draws per text and allow for the draw: `noiseZ` standard
    /// errors of the difference of two n-position means of errors spread like llama.cpp's,
    /// √2 · σ / √n with σ the spread of llama.cpp's own errors on that text. At z = 4 a
    /// correct path fails a given text with probability ~3e-5 (if its errors were
    /// Gaussian), while a path with errors systematically larger than llama.cpp's fails
    /// wherever the excess outgrows that noise: on the ~400-token texts, where the bound is
    /// llama.cpp's distance + ~35%, and over all texts, where top-1 agreement is bounded the
    /// same way. The noise model is checked by the data, not fitted to it: on those six
    /// texts the ratio of Quarry's distance to llama.cpp's spreads with sd ≈ 9%, as the
    /// model's σ predicts.
    static let noiseZ = 4.0

    /// Mean, and standard deviation of the mean, of `values`.
    static func meanAndError(_ values: [Double]) -> (mean: Double, error: Double) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / max(n - 1, 1)
        return (mean, (variance / n).squareRoot())
    }

    @Test("8-bit-activation token-by-token scoring sits no farther from the exact model than llama.cpp", arguments: KernelPath.supported)
    func tokenByTokenAgainstExact(kernels: KernelPath) throws {
        let decoder = try Self.decoder.get()
        var ours = 0.0, theirs = 0.0, agreeing = 0, llamaAgreeing = 0, positions = 0
        for text in try GoldenText.all() {
            let scores = try kernels.run { try Self.tokenByTokenScores(text.ids, decoder) }
            try #require(scores.logProbabilities.count == text.exact.count, "\(text.label)")
            let ourErrors = zip(scores.logProbabilities, text.exact).map { $0 - $1 }
            let llamaErrors = zip(text.llama, text.exact).map { $0 - $1 }
            // Distance per token, mean |e|: ours against llama.cpp's, with the noise of two draws.
            let ourDistance = Self.meanAndError(ourErrors.map(abs)).mean
            let llamaDistance = Self.meanAndError(llamaErrors.map(abs))
            let distanceBound = llamaDistance.mean + Self.noiseZ * 2.squareRoot() * llamaDistance.error
            // Perplexity: |log(ppl / exact ppl)| is |mean e|, the errors' bias on this text.
            let ourLogRatio = abs(Self.meanAndError(ourErrors).mean)
            let llamaBias = Self.meanAndError(llamaErrors)
            let logRatioBound = abs(llamaBias.mean) + Self.noiseZ * 2.squareRoot() * llamaBias.error
            print("exact smollm2 token by token \(kernels.testDescription): \(text.label) | mean |Δ| \(String(format: "%.4f", ourDistance)) (llama.cpp \(String(format: "%.4f", llamaDistance.mean)), bound \(String(format: "%.4f", distanceBound))) | ppl ratio \(String(format: "%.4f", exp(-Self.meanAndError(ourErrors).mean))) (llama.cpp \(String(format: "%.4f", exp(-llamaBias.mean))), bound e^±\(String(format: "%.4f", logRatioBound)))")
            #expect(ourDistance <= distanceBound, "\(text.label): mean |Δ logprob| \(ourDistance) from the exact model; llama.cpp's \(llamaDistance.mean)")
            #expect(ourLogRatio <= logRatioBound, "\(text.label): |log perplexity ratio| \(ourLogRatio) to the exact model; llama.cpp's \(abs(llamaBias.mean))")
            ours += ourErrors.map(abs).reduce(0, +)
            theirs += llamaErrors.map(abs).reduce(0, +)
            agreeing += zip(scores.argmax, text.exactArgmax).filter { $0 == $1 }.count
            llamaAgreeing += zip(text.llamaArgmax, text.exactArgmax).filter { $0 == $1 }.count
            positions += ourErrors.count
        }
        // Top-1 agreement with the exact model over every position: near-ties flip either
        // way, so ours must reach llama.cpp's less the same z standard errors of the
        // difference of two proportions, √(2p(1−p)/n).
        let agreement = Double(agreeing) / Double(positions), llamaAgreement = Double(llamaAgreeing) / Double(positions)
        let agreementBound = llamaAgreement - Self.noiseZ * (2 * llamaAgreement * (1 - llamaAgreement) / Double(positions)).squareRoot()
        print("exact smollm2 token by token \(kernels.testDescription): mean |Δ| \(String(format: "%.4f", ours / Double(positions))) (llama.cpp \(String(format: "%.4f", theirs / Double(positions)))), top-1 \(String(format: "%.4f", agreement)) (llama.cpp \(String(format: "%.4f", llamaAgreement)), bound \(String(format: "%.4f", agreementBound))) over \(positions) positions")
        #expect(agreement >= agreementBound, "top-1 agreement with the exact model \(agreement); llama.cpp's \(llamaAgreement)")
        #expect(positions >= 2000)
    }

    @Test("greedy ChatML generation is fluent; reports how many golden completions it reproduces")
    func greedyChat() throws {
        let decoder = try Self.decoder.get()
        let golden = try GoldenFiles.load("smollm2.json")["greedy_chat"] as! [[String: String]]
        var exact = 0
        for item in golden {
            let prompt = try decoder.chatTemplate.render([ChatMessage(role: "user", content: item["user"]!)])
            let ids = try decoder.generate(prompt: decoder.tokenizer.encode(prompt, parseSpecial: true), maxTokens: 40)
            let text = decoder.tokenizer.decode(ids)
            if text == item["completion"] { exact += 1 }
            print("greedy chat: \(text == item["completion"] ? "exact" : "differs"): \(text)")
            #expect(!text.isEmpty)
        }
        print("greedy chat: \(exact) of \(golden.count) golden completions reproduced exactly")
        let eiffel = try decoder.chatTemplate.render([ChatMessage(role: "user", content: golden[2]["user"]!)])
        let answer = decoder.tokenizer.decode(try decoder.generate(prompt: decoder.tokenizer.encode(eiffel, parseSpecial: true), maxTokens: 40))
        #expect(answer.contains("1889"))
    }

    @Test("evaluating in pieces through the KV cache gives the same next-token distribution as one batch")
    func piecesMatchBatch() throws {
        let decoder = try Self.decoder.get()
        let ids = decoder.tokenizer.encode("The quick brown fox jumps over the lazy dog because it was")
        try #require(ids.count >= 12)
        let batchLogits = try decoder.makeSession(capacity: ids.count).appendAndPredict(ids)
        // Pieces of at least four tokens take the same (Float32) path as one batch.
        let pieces = decoder.makeSession(capacity: ids.count)
        _ = try pieces.appendAndPredict(Array(ids[0..<4]))
        _ = try pieces.appendAndPredict(Array(ids[4..<8]))
        let pieceLogits = try pieces.appendAndPredict(Array(ids[8...]))
        let maxDifference = zip(batchLogits, pieceLogits).map { abs($0 - $1) }.max() ?? 1
        #expect(maxDifference < 0.05)
    }
}
