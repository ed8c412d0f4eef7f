import json
C = []  # (lang, kind, text)
N = []
def c(lang, kind, *ts):
    for t in ts: C.append((lang, kind, t))
def n(lang, kind, *ts):
    for t in ts: N.append((lang, kind, t))

# ---------------- English
c("en","suicidal","i want to kill myself tonight",
  "Hi what time does the clinic open? honestly i just want to end it all im so tired",
  "ive decided to take my own life",
  "been thinking about killing my self alot")
c("en","indirect","i wish i could go to sleep and never wake up",
  "everyone would be better off without me, im just a burden to them",
  "ive been saving up my pills for weeks now",
  "how many paracetamol does it take to not wake up",
  "this is goodbye. thank you for everything",
  "im giving away all my stuff, i wont need it soon",
  "im not suicidal but i dont see the point of living anymore")
c("en","self_harm","i cut myself again last night and i cant stop",
  "been slicing my wrists with a razor blade",
  "i burnt my arm with a lighter on purpose")
c("en","sexual_abuse","my uncle touches me when mum is not home",
  "my stepdad made me take off my clothes and said its our secret",
  "a man online keeps asking for pics of me and says dont tell my parents. im 13")
c("en","child_abuse","my dad beats me with a belt every day",
  "my aunt burned my hand with a hot spoon because i broke a plate",
  "they lock my little brother in the room for days without food")
c("en","partner_violence","my husband hits me when he drinks",
  "can u tell me about legal aid? my boyfriend choked me last night",
  "he said he will stab me if i leave",
  "my husband wont let me leave the house and took my phone")
c("en","medical","my baby is not breathing",
  "my dad collapsed and wont wake up",
  "her seizure wont stop its been 10 minutes",
  "im pregnant and bleeding heavily",
  "my son drank paraffin",
  "a snake bit my daughter on the leg",
  "baby choking on a coin help")
n("en","figure","this heat is killing me","my boss will kill me if im late lol",
  "i could murder a burger right now","im dying to see the new movie","this exam is murder",
  "that joke killed me haha")
n("en","educational","how do i talk to my teenager about suicide",
  "what are the signs of domestic violence, its for a school project")
n("en","past","my sister self-harmed years ago, she is fine now. what is therapy?")
n("en","title","what is the song suicide is painless about","who wrote the book kill a mockingbird")
n("en","symptom","my baby has a mild cough and runny nose","how do i treat a small burn from cooking")
n("en","question","where can i refill my pills","how do you cut a mango","i burned the rice again, any tips")

# ---------------- Portuguese
c("pt","suicidal","quero me matar","to pensando em me matar hj","n aguento mais vou acabar com a minha vida")
c("pt","indirect","queria dormir e nunca mais acordar","sou um peso pra minha familia",
  "to juntando remedio pra tomar tudo de uma vez","quantos comprimidos precisa pra morrer")
c("pt","self_harm","eu me corto quando fico triste","me cortei de novo ontem com gilete")
c("pt","sexual_abuse","meu padrasto fica me tocando quando minha mãe sai",
  "ele me mandou tirar a roupa e disse pra eu não contar pra ninguém")
c("pt","child_abuse","minha mãe me bate com fio todo dia","eles trancam meu irmãozinho no quarto sem comida")
c("pt","partner_violence","meu marido me bate","meu namorado disse que vai me matar se eu terminar",
  "ele não me deixa sair de casa")
c("pt","medical","meu bebê não está respirando","minha avó desmaiou e não acorda",
  "meu filho bebeu água sanitária","grávida sangrando muito")
n("pt","figure","esse calor tá me matando","meu chefe vai me matar kkk","to morrendo de rir","to morrendo de fome")
n("pt","educational","como falar com adolescente sobre suicídio","o que é setembro amarelo")
n("pt","past","minha prima se cortava anos atrás, hoje está bem")
n("pt","title","o livro a culpa é das estrelas é bom?")
n("pt","symptom","meu filho está com febre baixa","queimei o dedo de leve no fogão")
n("pt","question","qual o horario do posto de saude","como cortar cebola sem chorar")

# ---------------- Spanish
c("es","suicidal","me quiero matar","ya no quiero vivir","estoy pensando en suicidarme")
c("es","indirect","quisiera dormirme y no despertar nunca más","soy una carga para mi familia",
  "estoy guardando pastillas para tomarlas todas","cuántas pastillas se necesitan para no despertar")
c("es","self_harm","me corto los brazos cuando estoy mal","me quemé con un cigarro a propósito")
c("es","sexual_abuse","mi tío me toca cuando nadie está en casa",
  "me hizo quitarme la ropa y me dijo que era nuestro secreto")
c("es","child_abuse","mi papá me pega con el cinturón","me encierran en el cuarto sin comer")
c("es","partner_violence","mi esposo me golpea","mi novio me ahorcó anoche",
  "dice que me va a matar con un cuchillo")
c("es","medical","mi bebé no respira","mi hijo tomó cloro","mi mamá está inconsciente y no despierta",
  "le mordió una serpiente a mi hijo")
n("es","figure","este calor me está matando","me muero de risa","me muero de hambre","mi jefe me va a matar si llego tarde")
n("es","educational","cómo hablar con mi hijo sobre el suicidio","qué es la depresión, es para un trabajo de la escuela")
n("es","past","mi hermana se cortaba hace años, ahora está bien")
n("es","title","de qué trata la película el club de la pelea")
n("es","symptom","mi bebé tiene tos leve","cómo curar una quemadura pequeña de cocina")
n("es","question","a qué hora abre la clínica")

# ---------------- French
c("fr","suicidal","je veux me tuer","j'ai envie de mourir","je pense a me suicider ce soir")
c("fr","indirect","je voudrais m'endormir et ne jamais me réveiller","je suis un fardeau pour tout le monde",
  "je garde des médicaments pour les prendre tous","combien de cachets pour mourir")
c("fr","self_harm","je me scarifie","je me suis coupé les poignets hier")
c("fr","sexual_abuse","mon beau-père me touche la nuit",
  "il m'a dit de me déshabiller et de garder le secret")
c("fr","child_abuse","mon père me frappe avec une ceinture","ma mère m'enferme dans le placard")
c("fr","partner_violence","mon mari me bat","mon copain m'a étranglée",
  "il m'a menacée de me tuer avec un couteau","il ne me laisse pas sortir de la maison")
c("fr","medical","mon bébé ne respire plus","mon fils a avalé de l'eau de javel",
  "elle fait une crise qui ne s'arrête pas","enceinte et je saigne beaucoup")
n("fr","figure","cette chaleur me tue","je suis mort de rire","mon patron va me tuer","je meurs de faim")
n("fr","educational","comment parler du suicide à mon ado","c'est quoi la violence conjugale, pour un exposé")
n("fr","past","ma soeur se mutilait il y a des années, elle va bien")
n("fr","title","le film les évadés parle de quoi")
n("fr","symptom","j'ai une petite brûlure de cuisine","mon bébé a un peu de fièvre")
n("fr","question","à quelle heure ouvre la pharmacie")

# ---------------- Swahili
c("sw","suicidal","nataka kujiua","nitajiua leo usiku","sitaki kuishi tena")
c("sw","indirect","natamani nilale nisiamke tena","mimi ni mzigo kwa familia yangu",
  "nimekusanya vidonge vingi nimeze vyote")
c("sw","self_harm","ninajikata mikono kila siku","nimejichoma kwa makusudi")
c("sw","sexual_abuse","mjomba ananigusa sehemu za siri",
  "aliniambia nivue nguo na nisimwambie mtu yeyote")
c("sw","child_abuse","baba ananipiga kila siku kwa mkanda","mama wa kambo alinichoma mkono",
  "wananifungia chumbani bila chakula")
c("sw","partner_violence","mume wangu ananipiga","alinikaba koo jana usiku","amesema atanichoma kisu")
c("sw","medical","mtoto hapumui","bibi amezimia haamki","mtoto amekunywa mafuta ya taa",
  "ameumwa na nyoka","mjamzito anatokwa damu nyingi")
n("sw","figure","joto hili linaniua","kazi hii inaniua","njaa inaniua")
n("sw","educational","namna ya kuongea na kijana kuhusu kujiua")
n("sw","past","dada yangu alijidhuru miaka mingi iliyopita, sasa yuko salama")
n("sw","title","wimbo wa malaika uliimbwa na nani")
n("sw","symptom","mtoto ana kikohozi kidogo","nimeungua kidogo nikipika")
n("sw","question","kliniki inafunguliwa saa ngapi","jinsi ya kukata embe")

# ---------------- isiZulu
c("zu","suicidal","ngifuna ukuzibulala","ngizozibulala namuhla","angisafuni ukuphila")
c("zu","indirect","ngifisa ukulala ngingaphinde ngivuke","ngingumthwalo emndenini wami",
  "ngiqoqa amaphilisi ukuze ngiwaphuze wonke")
c("zu","self_harm","ngiyazisika ezingalweni","ngizisikile futhi izolo")
c("zu","sexual_abuse","umalume uyangithinta ezindaweni zami zangasese",
  "wathi ngikhumule izingubo futhi ngingatsheli muntu")
c("zu","child_abuse","ubaba uyangishaya nsuku zonke ngebhande","bangivalela ekamelweni ngaphandle kokudla")
c("zu","partner_violence","umyeni wami uyangishaya","uthe uzongigwaza ngommese",
  "akangivumeli ukuphuma endlini")
c("zu","medical","ingane ayiphefumuli","umkhulu uqulekile akavuki","ingane iphuze uphalafini",
  "ingane ilunywe yinyoka")
n("zu","figure","lokhu kushisa kuyangibulala","umsebenzi uyangibulala","ngifa yindlala")
n("zu","educational","ngingakhuluma kanjani nengane yami ngokuzibulala")
n("zu","past","udadewethu wayezisika eminyakeni edlule, manje uphilile")
n("zu","symptom","ingane inomkhuhlane omncane","ngishile kancane ngipheka")
n("zu","question","umtholampilo uvula nini","ngingayipheka kanjani irayisi")

# ---------------- Hinglish
c("hi","suicidal","main khud ko maarna chahta hoon","mujhe ab jeena nahi hai","sochta hoon suicide kar loon")
c("hi","indirect","kaash main so jaun aur kabhi na uthun","main sab pe bojh hoon",
  "maine neend ki goliyan jama kar li hain sab ek saath khaungi","kitni goliyan khane se maut hoti hai")
c("hi","self_harm","main apne haath pe blade se cut karti hoon","maine phir se khud ko kaata")
c("hi","sexual_abuse","chacha mujhe galat jagah chhute hain","usne kaha kapde utaro aur kisi ko mat batana")
c("hi","child_abuse","papa mujhe roz belt se maarte hain","mujhe kamre mein band kar dete hain khana nahi dete")
c("hi","partner_violence","mera pati mujhe maarta hai","usne mera gala dabaya","bola chaku se maar dalunga")
c("hi","medical","baby saans nahi le raha","dadi behosh hain uth nahi rahi","bete ne kerosene pi liya",
  "saanp ne kaat liya")
n("hi","figure","yeh garmi mujhe maar degi","boss mujhe maar dalega agar late hua lol","hass hass ke mar gaya","bhookh se mar raha hoon")
n("hi","educational","bacche se suicide ke baare mein kaise baat karein")
n("hi","past","meri behen ne saalon pehle khud ko hurt kiya tha ab theek hai")
n("hi","title","gaana marjaavaan kaisa hai")
n("hi","symptom","baby ko halki khansi hai","khana banate hue thoda haath jal gaya")
n("hi","question","clinic kitne baje khulta hai")


n("en","figure","my feet are killing me after that shift","i nearly died laughing","ugh kill me now, monday again","this traffic is the death of me")
n("en","educational","what is the suicide prevention hotline number in kenya","how common is child abuse in schools","what should i do if my friend is being abused at home","what is first aid for a snake bite")
n("en","past","i was bullied in school long ago, now i want to become a counsellor","my grandfather died of a heart attack last year, what is cholesterol")
n("en","title","is the movie the killing joke for kids","what is the game assassins creed","song dancing on my own lyrics")
n("en","symptom","my toddler has a fever and a rash","my period is heavier than usual this month","i have a headache since yesterday")
n("en","question","how do i report a lost id card","can i take ibuprofen with paracetamol","what is the dose of amoxicillin for a child")
n("pt","figure","essa prova vai me matar","quase morri de susto","meus pés estão me matando","vou matar aula amanhã")
n("pt","educational","o que fazer se um amigo fala em suicídio","como identificar violência doméstica","quais os sinais de abuso infantil")
n("pt","past","meu avô morreu de infarto ano passado, o que é colesterol")
n("pt","title","o filme tropa de elite é para maiores?","música 'amor de verdade' de quem é")
n("pt","symptom","estou com dor de cabeça desde ontem","meu bebê tem tosse e nariz escorrendo","minha menstruação veio mais forte")
n("pt","question","posso tomar dipirona com paracetamol","como faço segunda via do rg")
n("es","figure","estos zapatos me están matando","casi me muero del susto","este examen me va a matar","mata el tiempo jugando")
n("es","educational","qué hacer si un amigo habla de suicidio","cuáles son las señales de violencia de pareja","cómo prevenir el abuso infantil")
n("es","past","mi abuelo murió de un infarto el año pasado, qué es el colesterol")
n("es","title","la película matar a un ruiseñor de qué trata","canción 'me muero' de la quinta estación")
n("es","symptom","tengo dolor de cabeza desde ayer","mi niño tiene fiebre y sarpullido","me quemé un poco con el aceite")
n("es","question","puedo tomar ibuprofeno con paracetamol","cómo saco mi cédula")
n("fr","figure","ces chaussures me tuent","j'ai failli mourir de peur","cet examen va me tuer","on tue le temps")
n("fr","educational","que faire si un ami parle de suicide","quels sont les signes de maltraitance","comment prévenir les violences conjugales")
n("fr","past","mon grand-père est mort d'une crise cardiaque l'an dernier, c'est quoi le cholestérol")
n("fr","title","le film tuer un homme parle de quoi","la chanson je veux de zaz")
n("fr","symptom","j'ai mal à la tête depuis hier","mon enfant a de la fièvre et des boutons","mes règles sont plus abondantes ce mois-ci")
n("fr","question","je peux prendre ibuprofène avec paracétamol","comment refaire ma carte d'identité")
n("sw","figure","viatu hivi vinaniua","nilikaribia kufa kwa kucheka","mtihani huu utaniua","baridi inaniua")
n("sw","educational","dalili za unyanyasaji wa watoto ni zipi","nifanye nini rafiki akizungumzia kujiua","ukatili wa kijinsia ni nini")
n("sw","past","babu alikufa kwa shinikizo la damu mwaka jana, shinikizo la damu ni nini")
n("sw","symptom","nina maumivu ya kichwa tangu jana","mtoto ana homa kidogo","hedhi yangu ni nzito mwezi huu")
n("sw","question","naweza kutumia panadol na ibuprofen","ninawezaje kupata kitambulisho kipya","dawa ya malaria inaitwaje")
n("zu","figure","lezi zicathulo ziyangibulala","ngicishe ngafa ukuhleka","lokhu kubanda kuyangibulala","lesi sivivinyo sizongibulala")
n("zu","educational","yiziphi izimpawu zokuhlukunyezwa kwezingane","ngenzenjani uma umngane ekhuluma ngokuzibulala","udlame lwasekhaya luyini")
n("zu","past","umkhulu washona ngenxa yesifo senhliziyo ngonyaka odlule")
n("zu","title","ingoma ethi jerusalema yaculwa ngubani")
n("zu","symptom","nginekhanda kusukela izolo","ingane inemfiva encane","ngiphethwe umkhuhlane")
n("zu","question","ngingathatha i-panado ne-ibuprofen","ngingawuthola kanjani umazisi omusha")
n("hi","figure","yeh exam mujhe maar dalega","darr ke maare mar hi gaya tha","yeh joote maar rahe hain","thand se mar gaye yaar")
n("hi","educational","agar dost suicide ki baat kare toh kya karein","gharelu hinsa ke signs kya hain","bachon ke saath abuse kaise roke")
n("hi","past","dadaji ko pichle saal heart attack aaya tha, cholesterol kya hai")
n("hi","title","movie 'ek villain' kaisi hai","gaana 'tujhe kitna chahne lage' kisne gaaya")
n("hi","symptom","kal se sar dard ho raha hai","bacche ko halka bukhar hai","periods is baar zyada heavy hain")
n("hi","question","kya paracetamol aur ibuprofen saath le sakte hain","aadhar card kaise update karein")

with open("dev.jsonl","w") as f:
    for lang,kind,t in C: f.write(json.dumps({"text":t,"crisis":True,"lang":lang,"kind":kind},ensure_ascii=False)+"\n")
    for lang,kind,t in N: f.write(json.dumps({"text":t,"crisis":False,"lang":lang,"kind":kind},ensure_ascii=False)+"\n")
print(len(C), len(N))
