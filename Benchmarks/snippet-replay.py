#!/usr/bin/env python3
"""Replays the extractive generator's sentence choice on `quarry eval qa --dump` output,
to see how far a better choice of sentences could take snippet answers (issue 20).

  snippet-replay.py prep DUMP INDEX URL OUT   # per question: the selected chunks' texts (from
                                              # the evaluation INDEX file), their sentences,
                                              # MiniLM vectors from `quarry serve` at URL
  snippet-replay.py frontier OUT...           # containment / words over closeness × weight
  snippet-replay.py ranker OUT...             # does a learned sentence score pick better?
  snippet-replay.py likelihood OUT N K GGUF   # SmolLM2's log P(question | sentence) over the
                                              # K best candidates of the first N questions
                                              # (needs llama-cpp-python beside the venv's packages)

The sentence split and the lexical score approximate Quarry's (bm25s stop words, Snowball
stemmer through PyStemmer: run with the bm25s venv, `~/.cache/quarry/venv-bm25/bin/python`);
on SQuAD's 501 questions the replay of `--answer-style snippets` gives 0.782 / 30.4 words
against the real 0.792 / 30.7. Figures and what they mean: docs/methods/generation.md.
"""
import json, math, pickle, re, sqlite3, string, sys, urllib.request
from collections import Counter

import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

STEM, STOP = Stemmer.Stemmer('english'), set(STOPWORDS_EN)
ABBREVIATIONS = set('dr mr mrs ms fig vs al no st jr sr prof inc ltd co eg ie e.g i.e etc approx ca cf'.split())
QUANTITY = ('how many', 'how much', 'how long', 'how old', 'how far', 'how large', 'how big', 'how often',
            'how tall', 'how high', 'what percentage', 'what percent', 'what year', 'in what year', 'when',
            'what date', 'what century', 'what decade', 'what number', 'what age')


def split(text):
    """Sentences: at . ! ? … before white space and a non-lowercase word, and at blank lines."""
    out = []
    for paragraph in re.split(r'\n\s*\n', text):
        start = 0
        for mark in re.finditer(r'[.!?…]["\')\]]*\s+', paragraph):
            word = re.findall(r'(\S+)$', paragraph[:mark.start() + 1])
            word = word[0].lower().rstrip('.') if word else ''
            following = paragraph[mark.end():mark.end() + 1]
            if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or (following and following.islower()):
                continue
            if paragraph[start:mark.end()].strip():
                out.append(paragraph[start:mark.end()].strip())
            start = mark.end()
        if paragraph[start:].strip():
            out.append(paragraph[start:].strip())
    return out


_terms = {}
def terms(text):
    if text not in _terms:
        words = [w for w in re.findall(r'(?u)\b\w\w+\b', text.lower()) if w not in STOP]
        _terms[text] = set(STEM.stemWords(words))
    return _terms[text]


def normalise(text):
    text = ''.join(c for c in text.lower() if c not in set(string.punctuation))
    return ' '.join(re.sub(r'\b(a|an|the)\b', ' ', text).split())


def contains(answer, golds):
    answer = ' ' + normalise(answer) + ' '
    return any((' ' + normalise(g) + ' ') in answer for g in golds if normalise(g))


def prep(dump, index, url, out):
    rows = [json.loads(line) for line in open(dump)]
    db = sqlite3.connect(index)
    records, sentences = [], {}
    for row in rows:
        passages = []
        for chunk in row['selected']:
            text = db.execute('select text from chunks where id = ?', (chunk,)).fetchone()[0]
            passages.append(split(text))
            sentences.update((s, None) for s in passages[-1])
        records.append({'q': row['question'], 'answers': row['answers'], 'passages': passages})

    def embed(texts):
        vectors = []
        for i in range(0, len(texts), 128):
            request = urllib.request.Request(url.rstrip('/') + '/v1/embeddings',
                                             json.dumps({'input': texts[i:i + 128]}).encode(),
                                             {'Content-Type': 'application/json'})
            vectors += [d['embedding'] for d in json.load(urllib.request.urlopen(request, timeout=600))['data']]
        return vectors

    texts = list(sentences)
    vectors = dict(zip(texts, embed(texts)))
    for record, vector in zip(records, embed([r['q'] for r in records])):
        record['qv'] = vector
    pickle.dump({'records': records, 'vectors': vectors}, open(out, 'wb'))


def candidates(record, vectors):
    """The generator's candidates (sentences holding a question term, six words or longer when
    any is) with their lexical score, as ExtractiveGenerator computes it, and cosine."""
    question = terms(record['q'])
    all_ = []
    for p, passage in enumerate(record['passages']):
        for s, text in enumerate(passage):
            cosine = max(float(np.dot(record['qv'], vectors[text])), 0)
            all_.append(dict(p=p, s=s, text=text, m=terms(text) & question, words=len(text.split()), cos=cosine))
    count = sum(len(p) for p in record['passages'])
    frequency = Counter(t for c in all_ for t in c['m'])
    for c in all_:
        coverage = sum(math.log(1 + count / frequency[t]) for t in c['m'])
        penalty = 1 + math.log(1 + max(c['words'] - 25, 0) / 25)
        c['lex'] = (1 if c['text'][-1:] in '.!?…")' else 0.5) * coverage / penalty + 0.1 / (c['p'] + 1)
    matching = [c for c in all_ if c['m']]
    return [c for c in matching if c['words'] >= 6] or matching


def choose(record, vectors, weight, closeness, passages=3, embedded=12):
    chosen = candidates(record, vectors)
    if not chosen:
        return 'I found nothing in the index that answers this question.'
    order = sorted(range(len(chosen)), key=lambda i: -chosen[i]['lex'])
    kept = set(order[:embedded])
    lexical = max(c['lex'] for c in chosen) or 1
    cosine = max(chosen[i]['cos'] for i in kept) or 1
    score = [(1 - weight) * c['lex'] / lexical + weight * (c['cos'] / cosine if i in kept else 0)
             for i, c in enumerate(chosen)]
    ranked = sorted(range(len(chosen)), key=lambda i: -score[i])
    answer = [ranked[0]] + [i for i in ranked[1:passages] if score[i] >= closeness * score[ranked[0]]]
    return ' '.join(chosen[i]['text'] for i in answer)


def frontier(files):
    for file in files:
        data = pickle.load(open(file, 'rb'))
        for weight in (0.5, 0.7, 0.85):
            for closeness in (0.8, 0.85, 0.9, 0.95):
                answers = [(choose(r, data['vectors'], weight, closeness), r) for r in data['records']]
                hit = sum(contains(a, r['answers']) for a, r in answers) / len(answers)
                words = sum(len(normalise(a).split()) for a, _ in answers) / len(answers)
                print(f'{file}\tweight {weight}\tcloseness {closeness}\tcontainment {hit:.4f}\twords {words:.2f}')


def features(record, vectors):
    chosen = candidates(record, vectors)
    if not chosen:
        return None, None
    lexical = max(c['lex'] for c in chosen) or 1
    cosine = max(c['cos'] for c in chosen) or 1
    question = terms(record['q'])
    lowered = record['q'].lower()
    quantity = any(lowered.startswith(p) or f' {p} ' in f' {lowered} ' for p in QUANTITY)
    named = lowered.startswith(('who', 'whom', 'whose', 'where'))
    asked = set(w.lower() for w in re.findall(r'\w+', record['q']))
    rows = []
    for c in chosen:
        new_names = [w for w in re.findall(r'\b[A-Z][a-z]+', c['text'])[1:] if w.lower() not in asked]
        rows.append([c['lex'] / lexical, c['cos'] / cosine, math.log1p(len(terms(c['text']) - question)),
                     math.log1p(c['words']), float(quantity and any(ch.isdigit() for ch in c['text'])),
                     1 / (c['p'] + 1), 1 / (c['s'] + 1), len(c['m']) / max(len(question), 1),
                     float(c['text'][-1:] in '.!?'), float(named and bool(new_names))])
    return np.array(rows), np.array([contains(c['text'], record['answers']) for c in chosen], dtype=float)


def ranker(files):
    """A pairwise logistic sentence score on ten features, trained on the first half of a set
    (and the other sets), tested on its second half: top-1 sentence holds a gold answer."""
    sets = {f: [features(r, d['vectors']) for d in [pickle.load(open(f, 'rb'))] for r in d['records']] for f in files}

    def fit(groups):
        pairs = [p - groups_neg for X, y in groups if X is not None and 0 < y.sum() < len(y)
                 for groups_neg in [X[y == 0]] for p in X[y == 1]]
        D = np.vstack(pairs)
        scale = D.std(0) + 1e-6
        Z, w = D / scale, np.zeros(D.shape[1])
        for _ in range(3000):
            w -= 0.1 * (-(Z * (1 / (1 + np.exp(Z @ w)))[:, None]).mean(0) + 1e-3 * w)
        return w / scale

    def top1(groups, w):
        return sum(y[int(np.argmax(X @ w))] for X, y in groups if X is not None) / len(groups)

    blend = np.zeros(10)
    blend[:2] = 0.5
    for file, groups in sets.items():
        half = len(groups) // 2
        others = [g for f, gs in sets.items() if f != file for g in gs]
        learned = fit(groups[:half] + others)
        print(f'{file}\ttop-1 of the second half: blend {top1(groups[half:], blend):.4f}\tlearned {top1(groups[half:], learned):.4f}')


def likelihood(file, limit, top, gguf):
    """Query likelihood (UPR): each of the `top` best candidates by the blend is scored by
    SmolLM2's mean log-probability of the question's tokens after the sentence; the first
    choice of the blend, of the likelihood, and of the blend plus half the likelihood
    (shifted to 0 at its best) hold a gold answer how often, and at what cost."""
    import time
    from llama_cpp import Llama
    model = Llama(gguf, n_ctx=512, logits_all=True, verbose=False, n_threads=2)

    def score(sentence, question):
        prompt = model.tokenize(f'Passage: {sentence}\nA question this passage answers:'.encode(), add_bos=True)
        asked = model.tokenize((' ' + question).encode(), add_bos=False)
        tokens = (prompt + asked)[:500]
        model.reset()
        model.eval(tokens)
        total = 0.0
        for i in range(len(prompt), len(tokens)):
            logits = np.array(model.scores[i - 1], dtype=np.float64)
            top_logit = logits.max()
            total += logits[tokens[i]] - top_logit - math.log(np.exp(logits - top_logit).sum())
        return total / max(len(tokens) - len(prompt), 1)

    data = pickle.load(open(file, 'rb'))
    records = data['records'][:int(limit)]
    hits = Counter()
    started = time.time()
    for record in records:
        chosen = candidates(record, data['vectors'])
        if not chosen:
            continue
        lexical = max(c['lex'] for c in chosen) or 1
        cosine = max(c['cos'] for c in chosen) or 1
        blend = [0.5 * c['lex'] / lexical + 0.5 * c['cos'] / cosine for c in chosen]
        ranked = sorted(range(len(chosen)), key=lambda i: -blend[i])[:int(top)]
        likely = np.array([score(chosen[i]['text'], record['q']) for i in ranked])
        gold = [contains(chosen[i]['text'], record['answers']) for i in ranked]
        mixed = [blend[i] + 0.5 * (likely[j] - likely.max()) for j, i in enumerate(ranked)]
        hits['blend'] += gold[0]
        hits['likelihood'] += gold[int(np.argmax(likely))]
        hits['mixed'] += gold[int(np.argmax(mixed))]
    n = len(records)
    print(f'{file}\t{n} questions, top {top}: first choice holds a gold answer: blend {hits["blend"] / n:.3f}, '
          f'likelihood {hits["likelihood"] / n:.3f}, mixed {hits["mixed"] / n:.3f}; {(time.time() - started) / n:.1f} s a question')


if __name__ == '__main__':
    command, arguments = sys.argv[1], sys.argv[2:]
    {'prep': lambda: prep(*arguments), 'frontier': lambda: frontier(arguments), 'ranker': lambda: ranker(arguments),
     'likelihood': lambda: likelihood(*arguments)}[command]()
