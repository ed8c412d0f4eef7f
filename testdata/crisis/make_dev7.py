# Writes dev7.jsonl: risky messages that are not a crisis (public-service and admin requests that
# name a death, an injury, the police or violence in general; everyday injuries and animal bites;
# a parent's or partner's joking threat over an everyday lapse) beside the closest crisis wording
# (a recent suicide attempt, a threat to kill tied to leaving or telling, an animal mauling a child
# who bleeds heavily, a death followed by wanting to die). Written from the categories before the
# administrative, lapse and injury mechanisms were changed. Labels as before: present or ongoing =
# crisis; over, educational, titles, figures of speech, non-urgent and plain = not.
import json
C=[];N=[]
def c(l,k,*t):
    for x in t: C.append((l,k,x))
def n(l,k,*t):
    for x in t: N.append((l,k,x))

# English
n("en","plain","how do i apply for a death certificate for my mother who passed away last month",
  "can i claim the funeral grant now that my wife has died","where do i register my grandfathers death",
  "my husband died in a car accident, how do i change the name on the electricity account",
  "how do i report a stolen phone to the police to get a case number")
n("en","non_urgent","my son fell off his bike and scraped his knee, do i need to clean it with salt water",
  "a neighbours dog bit my hand, it barely bled. do i need a rabies vaccine","i twisted my ankle playing netball, its swollen")
n("en","figure_of_speech","my wife will murder me if i forget our anniversary again haha","dad is going to kill me if i crash his car lol")
n("en","educational","what is the punishment for domestic violence in south africa")
n("en","past","my ex threatened me a lot but we split up five years ago. how do i change my surname back")
c("en","direct_suicidal","my dad died last week and i want to die too","i took all my moms pills an hour ago and feel weird")
c("en","indirect_suicidal","my brother tried to hang himself last night, hes at home with me now and says he will try again")
c("en","partner_violence","he says if i leave him he will kill me and the kids","my boyfriend said he will kill me if i tell the police what he did")
c("en","medical_emergency","a dog attacked my little girl, her leg is bleeding heavily and wont stop","my son fell from the roof and he is not waking up")
c("en","child_abuse","my stepmother burns my hands with the iron when i break a plate")
c("en","sexual_abuse","my teacher said he will fail me if i dont sleep with him")
c("en","self_harm","i smashed my hand on the wall on purpose and i want to do it again")

# Spanish
n("es","plain","cómo saco el acta de defunción de mi padre","mi esposo falleció, cómo cobro la pensión de viudez",
  "dónde pongo una denuncia por robo en la policía","quiero tramitar el seguro de vida de mi mamá que murió")
n("es","non_urgent","me mordió un perro callejero en la pierna, necesito vacuna antirrábica?","mi hija se cayó y se raspó el codo")
n("es","figure_of_speech","mi mamá me mata si llego tarde otra vez jaja","mi novio me mata de risa con sus chistes")
n("es","educational","qué dice la ley sobre la violencia intrafamiliar")
n("es","title","alguien vio la película la muerte de un burócrata")
n("es","past","mi ex me amenazaba pero nos separamos hace años. cómo hago el divorcio")
c("es","direct_suicidal","anoche tomé veneno para ratas y me arrepentí, me duele mucho el estómago","murió mi hijo y ya no quiero vivir")
c("es","partner_violence","mi marido dice que si lo dejo me mata","mi pareja me amenazó con un cuchillo si le cuento a la policía")
c("es","medical_emergency","un perro mordió a mi niño en la cara y sangra mucho","mi papá se cayó de la escalera y no despierta")
c("es","child_abuse","mi padrastro me quema con cigarros cuando saco malas notas")
c("es","self_harm","me volví a cortar anoche y no puedo parar")

# Portuguese
n("pt","plain","como tirar a certidão de óbito do meu pai","meu marido faleceu, como dou entrada na pensão por morte",
  "onde faço o boletim de ocorrência de um roubo","preciso do auxílio funeral, minha mãe morreu semana passada")
n("pt","non_urgent","um cachorro mordeu meu braço de leve, preciso tomar vacina antirrábica?","torci o tornozelo no futebol, está inchado")
n("pt","figure_of_speech","minha mãe vai me matar se eu chegar tarde kkk","meu marido me mata de rir com as piadas dele")
n("pt","educational","o que diz a lei maria da penha sobre ameaça")
n("pt","past","meu ex me batia mas a gente se separou faz anos, como mudo meu sobrenome")
c("pt","direct_suicidal","tentei me matar ontem à noite e hoje ainda quero morrer","meu filho morreu e eu não quero mais viver")
c("pt","partner_violence","meu marido disse que se eu for embora ele me mata","ele falou que me mata se eu contar pra polícia")
c("pt","medical_emergency","um cachorro atacou minha filha e ela está sangrando muito","meu avô caiu no banheiro e não acorda")
c("pt","child_abuse","meu padrasto me queima com cigarro quando tiro nota baixa")
c("pt","sexual_abuse","meu chefe disse que me demite se eu não dormir com ele")

# French
n("fr","plain","comment obtenir un acte de décès pour mon père","mon mari est décédé, comment demander la pension de réversion",
  "où porter plainte pour un vol au commissariat","je dois déclarer le décès de ma grand-mère à la mairie")
n("fr","non_urgent","un chien m'a mordu la main, faut-il un vaccin contre la rage?","mon fils est tombé de vélo et s'est écorché le genou")
n("fr","figure_of_speech","ma mère va me tuer si je rentre en retard mdr","mon mari me tue avec ses blagues")
n("fr","educational","que dit la loi sur les violences conjugales")
n("fr","title","vous avez lu la mort est mon métier")
n("fr","past","mon ex me frappait mais on s'est séparés il y a des années. comment reprendre mon nom")
c("fr","direct_suicidal","j'ai avalé toutes mes pilules il y a une heure","ma mère est morte et je veux mourir aussi")
c("fr","partner_violence","il dit que si je le quitte il me tue","mon copain a dit qu'il me tuera si je parle à la police")
c("fr","medical_emergency","un chien a attaqué mon fils, il saigne beaucoup","mon père est tombé de l'échelle et ne se réveille pas")
c("fr","child_abuse","mon beau-père me brûle avec des cigarettes quand j'ai de mauvaises notes")

# Swahili
n("sw","plain","nataka cheti cha kifo cha baba yangu, nifanyeje","mume wangu alifariki, nitapataje pensheni yake",
  "nataka kuripoti wizi wa simu polisi","mama yangu amefariki, nasajili kifo wapi")
n("sw","non_urgent","mbwa wa jirani ameniuma mkono kidogo, nahitaji chanjo ya kichaa cha mbwa?","mtoto wangu ameanguka na kuumia goti")
n("sw","figure_of_speech","mama ataniua nikichelewa kurudi nyumbani haha","mume wangu ananiua kwa vichekesho vyake")
n("sw","educational","sheria inasema nini kuhusu ukatili wa kijinsia")
n("sw","past","mume wangu wa zamani alikuwa ananipiga lakini tuliachana miaka mingi iliyopita")
c("sw","direct_suicidal","baba amekufa na mimi nataka kufa pia","nimekunywa vidonge vyote saa moja iliyopita")
c("sw","partner_violence","mume wangu anasema nikimwacha ataniua","ameniambia ataniua nikiwaambia polisi")
c("sw","medical_emergency","mbwa amemshambulia mtoto wangu anavuja damu nyingi","baba ameanguka kutoka juu ya paa na hazinduki")
c("sw","child_abuse","mama wa kambo ananichoma kwa pasi nikivunja kikombe")

# isiZulu
n("zu","plain","ngifuna ukwenza ipasipoti","ngifuna isitifiketi sokufa sikababa","umyeni wami ushonile, ngiyithola kanjani impesheni",
  "ngifuna ukubika ukwebiwa kwefoni emaphoyiseni","ngifuna ukwenza umazisi omusha")
n("zu","non_urgent","inja yomakhelwane ingilume esandleni kancane, ngidinga umjovo?","ingane yami iwile yalimala edolweni")
n("zu","figure_of_speech","umama uzongibulala uma ngibuya sekwephuzile haha","umyeni wami uyangibulala ngamahlaya akhe")
n("zu","past","owayeyindoda yami wayengishaya kodwa sahlukana eminyakeni edlule")
c("zu","direct_suicidal","ubaba ushonile nami ngifuna ukufa","ngiphuze wonke amaphilisi ehoreni eledlule")
c("zu","partner_violence","indoda yami ithi uma ngiyishiya izongibulala","uthe uzongibulala uma ngitshela amaphoyisa")
c("zu","medical_emergency","inja ihlasele ingane yami iopha kakhulu","ugogo uwile akavuki")
c("zu","child_abuse","umama wesibili ungishisa ngensimbi uma ngiphula inkomishi")

# Hinglish
n("hi","plain","papa ki death certificate kaise banwaye","mere pati ki death ho gayi, family pension ke liye kya form bharna hai",
  "police station mein FIR kaise likhwaye phone chori ki","dadi ki maut ke baad bank account kaise band karein")
n("hi","non_urgent","kutte ne haath pe kaat liya halka sa, rabies ka injection lagwana padega?","beta cycle se gir gaya ghutne pe chot lagi")
n("hi","figure_of_speech","mummy mujhe maar dalegi agar late gaya lol","mera pati apne jokes se maar deta hai haha")
n("hi","educational","gharelu hinsa ke khilaf kaunsa kanoon hai")
n("hi","title","kisi ne anand movie dekhi jisme hero mar jata hai")
n("hi","past","mera ex mujhe maarta tha par hum saalon pehle alag ho gaye, naam kaise badlu")
c("hi","direct_suicidal","papa ki death ho gayi ab main bhi marna chahta hoon","maine abhi saari neend ki goliyan kha li")
c("hi","partner_violence","pati bolta hai agar maine use choda to wo mujhe maar dega","bola police ko bataya to jaan se maar dunga")
c("hi","medical_emergency","kutte ne mere bete pe hamla kiya bahut khoon beh raha hai","nana ji gir gaye aur hosh nahi aa raha")
c("hi","child_abuse","sauteli maa mujhe garam press se jalati hai jab cup toot jata hai")

# More of the closest crisis wording, every language
c("en","partner_violence","my husband broke my arm yesterday and says next time he will finish me")
c("en","medical_emergency","my daughter was bitten by a snake and her leg is swelling fast, she is drowsy")
c("es","indirect_suicidal","mi hermano intentó ahorcarse anoche y dice que lo va a volver a hacer")
c("es","sexual_abuse","mi jefe dice que me despide si no me acuesto con él")
c("es","partner_violence","mi esposo me rompió el brazo ayer y dice que la próxima me mata")
c("pt","self_harm","me cortei de novo ontem à noite e não consigo parar")
c("pt","indirect_suicidal","meu irmão tentou se enforcar ontem e diz que vai tentar de novo")
c("pt","medical_emergency","uma cobra picou meu filho e ele está ficando mole")
c("fr","self_harm","je me suis encore coupée hier soir et je n'arrive pas à arrêter")
c("fr","sexual_abuse","mon patron dit qu'il me vire si je ne couche pas avec lui")
c("fr","indirect_suicidal","mon frère a essayé de se pendre hier soir et dit qu'il va recommencer")
c("sw","self_harm","nimejikata tena jana usiku na siwezi kuacha")
c("sw","sexual_abuse","mwalimu anasema atanifelisha nisipolala naye")
c("sw","indirect_suicidal","kaka yangu alijaribu kujinyonga jana usiku na anasema atajaribu tena")
c("sw","medical_emergency","nyoka amemuuma mtoto wangu na mguu unavimba haraka")
c("zu","self_harm","ngiphinde ngazisika izolo ebusuku angikwazi ukuyeka")
c("zu","sexual_abuse","uthisha uthi uzongiwisa uma ngingalali naye")
c("zu","indirect_suicidal","umfowethu uzame ukuzilengisa izolo ebusuku uthi uzophinda")
c("zu","medical_emergency","inyoka ilume ingane yami umlenze uyavuvukala ngokushesha")
c("hi","self_harm","kal raat phir se hath kaat liya aur ruk nahi pa raha")
c("hi","sexual_abuse","boss bolta hai agar uske saath nahi soyi to naukri se nikal dega")
c("hi","indirect_suicidal","bhai ne kal raat phansi lagane ki koshish ki aur bolta hai phir karega")

with open("dev7.jsonl","w") as f:
    for l,k,t in C: f.write(json.dumps({"text":t,"crisis":True,"lang":l,"kind":k},ensure_ascii=False)+"\n")
    for l,k,t in N: f.write(json.dumps({"text":t,"crisis":False,"lang":l,"kind":k},ensure_ascii=False)+"\n")
print(len(C),len(N))
