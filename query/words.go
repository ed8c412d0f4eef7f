package query

// The word lists below are the built-in English rules, with a few framings
// from languages common on the help lines. Each entry is lower-case; several
// words make a phrase. New turns them into sets once.

// chatWords never carry a topic: greetings, thanks, politeness, assent and
// filler. They are stripped from both ends of a clause even when written in
// capitals, and a message made only of them gets no lookup.
var chatWords = []string{
	// greetings and partings
	"hi", "hii", "hiii", "hie", "hey", "heyy", "hello", "helo", "hello there", "hi there", "hey there",
	"howdy", "greetings", "dear", "sir", "madam", "maam", "good morning", "good afternoon",
	"good evening", "good night", "good day", "bye", "goodbye", "good bye", "bye bye", "see you",
	"how are you", "how r u", "how are u", "hope you are well", "i hope you are well",
	// thanks and politeness
	"thanks", "thank", "thank you", "thankyou", "thanku", "thanx", "thx", "thnx", "thnks", "tnx", "ty",
	"thanks a lot", "thank you so much", "thank you very much", "many thanks", "cheers", "appreciated",
	"much appreciated", "please", "pls", "plz", "plse", "pliz", "pleas", "kindly", "sorry", "excuse me",
	"pardon", "god bless", "blessings", "doctor", "doc", "dr", "nurse", "team", "guys", "everyone",
	"friend", "mam",
	// assent, refusal, reactions and filler
	"ok", "okay", "okey", "okie", "oky", "okk", "kk", "alright", "all right", "yes", "yeah", "yea",
	"yep", "yup", "no", "nope", "nah", "sure", "noted", "understood", "got it", "i see", "i understand",
	"wow", "lol", "lmao", "haha", "hahaha", "hehe", "hmm", "hmmm", "mmm", "oh", "ohh", "ah", "ahh",
	"eh", "um", "umm", "uh", "uhm", "er", "erm", "so", "well", "anyway", "anyways", "btw", "also",
	"and", "but", "hola", "gracias", "merci", "bonjour", "obrigado", "obrigada", "por favor", "asante",
	"asante sana", "tafadhali",
}

// ignoreWords are whole messages (or whole clauses) that never cause a
// lookup but may begin a real topic ("morning sickness", "back pain",
// "human papillomavirus", "vitamin k"), so they are not stripped from the
// edges of a longer phrase.
var ignoreWords = []string{
	"k", "yo", "gm", "morning", "evening", "afternoon", "night", "later", "cya", "see ya",
	"good", "very good", "fine", "great", "nice", "cool", "awesome", "perfect", "right", "true",
	"exactly", "indeed", "same", "done", "then", "welcome", "you're welcome", "youre welcome", "np",
	"no problem", "amen", "menu", "main menu", "back", "go back", "next", "more", "options", "option",
	"exit", "quit", "cancel", "stop", "start", "restart", "reset", "end", "unsubscribe", "subscribe",
	"opt out", "optout", "opt in", "help", "agent", "human", "operator", "bot", "robot", "test",
	"testing", "what", "who are you", "are you a bot", "are you a robot", "are you human",
	"helpful", "very helpful", "useful", "interesting", "amazing", "wonderful", "clear", "person",
	"someone", "somebody", "wrong number", "talk to someone", "call me", "salut", "sawa", "ngiyabonga", "yebo", "你好", "您好", "谢谢", "再见",
}

// leadWords open a question or a statement and are stripped from the start
// of a clause: question words, auxiliaries, pronouns, determiners, verbs of
// asking and knowing, and framing nouns such as "signs" in "signs of".
var leadWords = []string{
	// question words and auxiliaries
	"what", "whats", "wat", "wht", "wats", "how", "hw", "hws", "why", "when", "where", "wer", "which",
	"who", "whom", "whose", "is", "are", "r", "was", "were", "am", "be", "been", "being", "do", "does",
	"did", "doing", "can", "could", "may", "might", "must", "shall", "should", "will", "would", "wud",
	"cud", "have", "has", "had", "having", "get", "got", "gets", "getting", "dont", "doesnt", "didnt",
	"cant", "cannot", "isnt", "arent", "wont", "shouldnt", "wouldnt", "couldnt", "havent", "hasnt",
	"let", "lets",
	// pronouns, determiners, adverbs
	"i", "im", "ive", "id", "me", "my", "mine", "myself", "you", "u", "your", "ur", "yours", "we",
	"us", "our", "he", "him", "his", "she", "her", "they", "them", "their", "it", "its", "this",
	"that", "these", "those", "there", "here", "a", "an", "the", "some", "any", "anything",
	"something", "everything", "much", "many", "all", "every", "each", "other", "such", "very",
	"really", "too", "still", "already", "even", "only", "just", "now", "again", "actually", "maybe",
	"perhaps", "possibly", "probably", "currently", "recently", "lately", "always", "often", "sometimes",
	"not", "if", "whether", "or", "because", "since", "about", "on", "regarding", "concerning", "re",
	"of", "for", "with", "from", "to", "in", "at", "by", "into", "against", "like", "than", "as",
	"between", "among", "versus", "vs",
	// verbs of asking, knowing and worrying
	"tell", "explain", "know", "knw", "learn", "understand", "describe", "define", "give", "send",
	"share", "show", "want", "wanna", "wanted", "need", "needed", "wish", "would like", "looking",
	"look", "find", "search", "read", "ask", "asking", "talk", "speak", "mean", "means", "think",
	"thinking", "feel", "feeling", "suffer", "suffers", "suffering", "worried", "worry", "concerned",
	"scared", "afraid", "wondering", "wonder", "curious", "interested", "question", "questions",
	"query", "advise", "advice", "info", "information", "details", "detail", "facts", "fact", "make",
	"deal", "cope", "handle", "manage", "treat", "prevent", "avoid", "cure", "recognise", "recognize",
	"identify", "diagnose", "diagnosed", "check", "tested", "buy", "take", "use", "catch", "protect",
	"stop", "help", "go", "say", "said", "hear", "heard", "confirm", "true", "possible", "forgot",
	"forget", "missed", "miss", "stopped", "started", "took", "taking", "using", "used", "eat",
	"eating", "drink", "drinking", "report", "given", "give", "giving", "long", "often", "start",
	"continue", "keep", "keeps", "prevents", "causes", "affect", "affects", "happen", "happens",
	"assist", "assistance", "abt", "abut", "spread", "transmission", "dangers", "safe to", "ok to",
	"okay to", "good to", "bad to", "normal to", "possible to", "safe for", "dangerous to",
	// framing nouns and adjectives ("the early warning signs of ...")
	"sign", "signs", "symptom", "symptoms", "early signs", "early symptoms", "warning signs",
	"first signs", "first symptoms", "common signs", "common symptoms", "main symptoms",
	"early warning signs", "cause", "causes", "treatment", "treatments", "cures", "prevention",
	"risk of", "risks of", "side effects", "effects of", "types of", "kinds of", "stages of",
	"difference", "definition", "meaning", "way", "ways", "best", "tips", "remedy", "remedies",
	"thing", "things", "lot", "bit", "more", "most", "topic", "subject", "problem", "problems",
	"issue", "issues", "concern", "concerns",
	// Portuguese, Spanish, French, Swahili and Arabic framings
	"o que é", "o que e", "o que são", "o que sao", "que é", "qué es", "que es", "qu'est-ce que",
	"quest-ce que", "c'est quoi", "sobre", "ni nini", "nini", "ما هو", "ما هي",
}

// trailWords close a question and are stripped from the end of a clause
// ("is X contagious", "how is X spread", "what is X used for").
var trailWords = []string{
	"is", "are", "was", "were", "be", "do", "does", "did", "can", "could", "will", "would", "should",
	"must", "have", "has", "had", "get", "got", "it", "this", "that", "these", "those", "there",
	"here", "me", "my", "you", "u", "i", "we", "us", "them", "they", "him", "her",
	"what", "how", "why", "when", "where", "which", "who", "not", "or not", "now", "today", "too",
	"still", "again", "anymore", "already", "around", "out there", "about", "on", "for", "of", "to",
	"in", "at", "with", "from", "by", "like", "as", "if", "or", "and", "then", "really", "exactly",
	"spread", "spreads", "transmitted", "transmit", "passed on", "caught", "caused", "treated", "cured",
	"prevented", "diagnosed", "tested", "detected", "used", "used for", "done", "made", "work", "works",
	"mean", "means", "look like", "feel like", "dangerous", "contagious", "infectious", "serious",
	"deadly", "fatal", "curable", "treatable", "preventable", "normal", "common", "safe", "real",
	"true", "hereditary", "genetic", "bad", "good", "ok", "okay", "fine", "worse", "better", "getting",
	"going", "positive", "negative", "info", "information",
	"details", "facts", "explained", "please explain", "explain", "mean", "all the time", "every day",
	"everyday", "every night", "at night", "at home", "these days", "right now", "a lot", "so much",
	"very much", "in general", "generally", "lately", "recently", "always", "often", "sometimes",
	"what must i do", "what should i do", "what can i do", "what to do", "what do i do", "help",
	"is it", "ni nini", "nini", "é o que", "e o que",
}

// softWords are topical qualifiers at the end of a phrase ("heart attack
// symptoms", "cervical cancer screening"): the first query keeps them, the
// fallbacks drop them.
var softWords = []string{
	"symptom", "symptoms", "sign", "signs", "screening", "tips", "treatment", "treatments", "causes",
	"cause", "prevention", "cure", "cures", "medication", "medications", "medicine", "medicines",
	"meds", "diet", "remedy", "remedies", "complications", "risks", "risk", "management", "awareness",
	"effects", "side effects", "problems", "problem", "issues", "care", "support", "advice",
	"testing", "diagnosis", "stages", "types", "options", "dosage", "dose", "schedule", "outbreak",
}

// breakWords end a noun chunk inside a phrase: "dehydration in babies"
// falls back to "dehydration", "lump in breast" to "lump".
var breakWords = []string{
	"in", "on", "at", "for", "with", "from", "of", "to", "during", "after", "before", "since", "about",
	"without", "by", "into", "like", "than", "as", "near", "because", "and", "or", "but", "so", "if",
	"between", "among", "versus", "vs",
	"when", "while", "what", "how", "why", "where", "which", "who", "is", "are", "was", "were", "be",
	"been", "am", "do", "does", "did", "can", "could", "may", "might", "must", "should", "will",
	"would", "have", "has", "had", "get", "got", "i", "me", "my", "you", "your", "we", "our", "he",
	"his", "she", "her", "they", "their", "it", "its", "this", "that", "these", "those", "there",
	"a", "an", "the", "some", "any", "every", "all", "each", "very", "really", "not", "still",
	"always", "also", "just", "even", "only", "please", "pls", "plz",
}

// questionWords start a new question inside a clause ("my child has asthma
// | what must i do", "headaches every day | what could it be").
var questionWords = []string{"what", "whats", "wat", "how", "why", "where", "which", "who"}

// auxWords and conjunctions followed by a pronoun also start a new
// question ("lump in breast | could it be breast cancer", "I am pregnant |
// and I have a headache").
var auxWords = []string{
	"is", "are", "was", "can", "could", "may", "might", "should", "must", "will", "would", "do", "does",
	"did", "and", "but", "because", "so", "or",
}

var pronouns = []string{"i", "it", "this", "that", "you", "u", "we", "he", "she", "they", "my"}

// people are who a message is about, not what: "protect my kids from
// cholera", "children with asthma". At the start of a clause they are
// stripped when a function word follows them.
var people = []string{
	"child", "children", "kid", "kids", "baby", "babies", "infant", "infants", "toddler", "son", "sons",
	"daughter", "daughters", "husband", "wife", "partner", "boyfriend", "girlfriend", "mother", "mom",
	"mum", "father", "dad", "sister", "brother", "family", "people", "person", "someone", "somebody",
	"friend", "friends", "man", "men", "woman", "women", "girl", "girls", "boy", "boys", "patient",
	"patients", "adult", "adults", "teen", "teens", "teenager", "teenagers", "granny", "grandmother",
	"grandfather", "neighbour", "neighbor", "colleague", "student", "students", "learner", "learners",
}

// possessives and ownerVerbs make the "my child has ..." framing: a
// possessive, up to three words, then one of the verbs.
var possessives = []string{"my", "our", "his", "her", "their", "the"}

var ownerVerbs = []string{
	"has", "have", "had", "is", "was", "got", "gets", "keeps", "seems", "feels", "suffers",
	"diagnosed", "tested",
}

// singularKeep are words that end in s but are not plurals.
var singularKeep = []string{
	"measles", "mumps", "rabies", "scabies", "diabetes", "herpes", "rickets", "shingles", "hives",
	"aids", "news", "series", "species", "lupus", "tetanus", "virus", "campus", "status", "bus",
	"gas", "yes", "bias", "atlas", "christmas", "always", "lens", "mathematics", "physics",
	"economics", "politics", "ethics", "genetics", "diabetes mellitus", "rubella", "tuberculosis",
	"pus", "uterus", "fetus", "foetus", "anus", "sinus", "thermos", "chaos", "kudos", "ethos",
	"its", "this", "has", "was", "is", "does", "his", "hers", "ours", "yours", "theirs", "us",
}

// Scripts written without spaces: question framings that are cut off the
// start or end of a word ("什么是疟疾" → "疟疾").
var (
	cjkPrefixes = []string{"请告诉我", "告诉我", "请问", "什么是", "什麼是", "关于", "關於"}
	cjkSuffixes = []string{"是什么意思", "是什么", "是什麼", "的症状", "吗", "嗎", "呢"}
)
