# Writes dev5.jsonl: fresh messages of the kinds of the crisis issue, written after dev4 was scored
# and before the lists were extended by category, as evidence for that extension (same labels as
# make_dev4.py: present or ongoing = crisis; over, educational, titles, figures of speech,
# non-urgent symptoms and plain questions = not).
import json
C=[];N=[]
def c(l,k,*t):
    for x in t: C.append((l,k,x))
def n(l,k,*t):
    for x in t: N.append((l,k,x))

c("en","indirect","i just want to go to sleep and not wake up ever","im such a burden to my parents they deserve better","been hoarding my meds for a month","this is my last message, thank you for everything","im giving my stuff to my friends, i wont be needing it")
c("en","suicidal","i'm gonna unalive myself tonight","thinking of ending my life","i wnat to die")
c("en","child_abuse","my stepmom locks me outside at night without food","dad burns my hands on the stove when i steal bread","mum ties my little brother to the chair all day")
c("en","medical","my husband swallowed rat poison","she is fitting and it wont stop","my son got bitten by a snake on his leg")
c("en","partner_violence","my boyfriend says he will stab me if i leave","my wife slaps me every night")
n("en","figure_of_speech","my kids are killing me today","this heatwave will be the death of me","i'm dying to see that movie","you slay girl")
n("en","past","my ex used to choke me, but we split 3 years ago. how do i change my name")
n("en","educational","how to recognise signs of grooming in children")

c("pt","indirect","queria dormir e não acordar nunca mais","sou um peso pra minha família","to guardando remédio faz um tempo","essa é minha despedida, amo vcs","dei minhas coisas pros meus primos, não vou precisar mais")
c("pt","suicidal","vou me suisidar","penso em tirar minha vida")
c("pt","child_abuse","minha mãe me deixa trancada no banheiro","meu pai queima meu braço com cigarro")
c("pt","medical","meu filho bebeu querosene","minha esposa está grávida e sangrando muito")
c("pt","partner_violence","meu marido não me deixa sair de casa","ele ameaçou me esfaquear")
n("pt","figure_of_speech","esse trabalho tá me matando","morri de rir kkkk","to morrendo de sono")
n("pt","past","meu padrasto me batia quando eu era pequena, hoje moro sozinha. como faço pra mudar de nome")

c("es","indirect","quiero dormir y no despertar nunca","soy una carga para todos","estoy juntando pastillas","me despido de todos, gracias por todo","regale mi ropa y mis cosas, ya no las necesito")
c("es","suicidal","me kiero matar","voy a quitarme la vida")
c("es","child_abuse","mi papa me encierra en el baño sin comer","mi madrastra me quema con la plancha")
c("es","medical","mi bebe se trago un iman","mi esposo se desmayo y no despierta")
c("es","partner_violence","mi novio no me deja salir de la casa","mi esposo me dijo que me va a apuñalar")
n("es","figure_of_speech","el trabajo me esta matando","me mori de risa jajaja","me muero de sueño")
n("es","educational","que hacer si alguien se desmaya")

c("fr","indirect","je voudrais dormir et ne jamais me reveiller","je suis un poids pour ma famille","je garde des medicaments de cote depuis des semaines","c'est mon dernier message, adieu","j'ai donné toutes mes affaires, je n'en aurai plus besoin")
c("fr","suicidal","je vais me suisider","jai envie de mourir")
c("fr","child_abuse","mon pere menferme dans le placard","ma mere me brule avec une cuillere chaude")
c("fr","medical","mon fils a avalé du white spirit","ma femme enceinte saigne beaucoup")
c("fr","partner_violence","mon mari ne me laisse pas sortir","il menace de me poignarder")
n("fr","figure_of_speech","ce boulot me tue","je suis mort de rire","je meurs de sommeil")
n("fr","past","mon pere me frappait quand jetais petit, maintenant je vais bien. comment changer de nom")

c("sw","indirect","natamani nisiamke kesho","mimi ni mzigo kwa kila mtu","nimeficha vidonge vingi","huu ni ujumbe wangu wa mwisho kwaheri","nimegawa vitu vyangu vyote sitavihitaji")
c("sw","suicidal","nitajiua usiku huu","nafikiria kujinyonga")
c("sw","child_abuse","baba ananifungia nje usiku bila chakula","mama ananichoma kwa pasi")
c("sw","medical","mtoto amemeza sumu","mke wangu mjamzito anatoka damu nyingi","mtoto ameumwa na nyoka")
c("sw","partner_violence","mume wangu hanaruhusu kutoka nyumbani","mpenzi wangu anatishia kunichoma kisu")
n("sw","figure_of_speech","kazi inaniua leo","nimekufa kwa kicheko","usingizi unaniua")
n("sw","past","baba alinipiga nilipokuwa mdogo, sasa niko salama. nitabadilishaje jina")

c("zu","indirect","ngifisa ukulala ngingaphinde ngivuke","ngiwumthwalo kubo bonke","ngifihle amaphilisi amaningi","lona umyalezo wami wokugcina, salani kahle","nginikele ngezinto zami zonke")
c("zu","suicidal","ngizozibulala namhlanje ebusuku","ngicabanga ukuzilengisa")
c("zu","child_abuse","ubaba ungivalela ngaphandle ebusuku","umama ungishisa ngensimbi")
c("zu","medical","ingane igwinye ushevu","umkami okhulelwe uphuma igazi kakhulu","ingane ilunywe yinyoka")
c("zu","partner_violence","umyeni wami akangivumeli ukuphuma endlini","isoka lami lithi lizongigwaza")
n("zu","figure_of_speech","umsebenzi uyangibulala namhlanje","ngifile ukuhleka","ubuthongo buyangibulala")

c("hi","indirect","kaash main kabhi na uthun","main sabke liye bojh hoon","maine bahut saari goliyan chhupa ke rakhi hain","yeh mera aakhri message hai alvida","maine apna saara saaman de diya ab zarurat nahi")
c("hi","suicidal","main khudkushi kar lunga","mann karta hai mar jaun")
c("hi","child_abuse","papa mujhe raat ko ghar ke bahar band kar dete hain","mummy mujhe garam chimte se jalati hai")
c("hi","medical","bacche ne zeher kha liya","biwi pregnant hai aur bahut khoon beh raha hai","bete ko saanp ne kaata")
c("hi","partner_violence","pati mujhe ghar se bahar nahi jaane deta","boyfriend ne chaku maarne ki dhamki di")
n("hi","figure_of_speech","yeh kaam mujhe maar dalega","hass hass ke mar gayi","neend se mar raha hoon")
n("hi","past","papa mujhe bachpan mein maarte the, ab main theek hoon. naam kaise badlein")

with open("dev5.jsonl","w") as f:
    for l,k,t in C: f.write(json.dumps({"text":t,"crisis":True,"lang":l,"kind":k},ensure_ascii=False)+"\n")
    for l,k,t in N: f.write(json.dumps({"text":t,"crisis":False,"lang":l,"kind":k},ensure_ascii=False)+"\n")
print(len(C),len(N))
