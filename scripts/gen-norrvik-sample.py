# Generates samples/kommunfullmaktige-norrvik/kommunfullmaktige-2025-03-24.json (fixed seed: the
# same file every run): a fictional kommunfullmäktige of 61 members and 34 items with the
# hard cases of issue 9 (URLs, dates, case numbers, names with hyphens, jäv of several
# people, typed "till förmån för", a confidential item that publishes its decision, a
# notice posted before Easter). Usage: python3 scripts/gen-norrvik-sample.py > FILE
import json, random
random.seed(7)
first = ["Anders","Birgitta","Carina","Daniel","Elin","Fredrik","Gunilla","Hassan","Ingela","Johan","Karin","Lars","Maja","Niklas","Olof","Petra","Rasmus","Sanna","Tobias","Ulrika","Viktor","Yasmin","Åsa","Örjan","Amir","Britt","Conny","Dragana","Erik","Frida","Göran","Helena","Ida","Jonas","Kerstin","Leif","Mona","Nora","Oskar","Pia","Roger","Sofia","Tomas","Vera","Wilhelm","Alice","Bengt","Cecilia","David","Emma","Filip","Greta","Henrik","Irene","Jan","Kristina","Linnea","Magnus","Nina","Per","Rebecka","Stefan","Therese","Ulf","Vendela","Mikael","Lena","Sven","Anneli"]
last = ["Andersson","Berglund","Carlsson","Danielsson","Ekberg","Forsberg","Gustafsson","Hedlund","Isaksson","Jakobsson","Karlsson","Lindgren","Månsson","Nordin","Olofsson","Persson","Quist","Rydberg","Sandberg","Törnqvist","Ullberg","Vikström","Wahlberg","Åkesson","Öberg","Holmgren","Sjöström","Lundqvist","Bergström","Nyström","Håkansson","Sundberg","Engström","Axelsson","Strand","Lindholm","Falk","Hägglund","Blom","Wikström-Lindberg","Al-Khatib","Johansson-Wennerström"]
parties = ["S"]*21 + ["M"]*13 + ["SD"]*12 + ["C"]*5 + ["V"]*4 + ["KD"]*3 + ["L"]*2 + ["MP"]*1
names=set()
def person():
    while True:
        n=f"{random.choice(first)} {random.choice(last)}"
        if n not in names:
            names.add(n); return n
members=[{"name":person(),"party":p} for p in parties]
members[0]["role"]="ordförande"
members[21]["role"]="vice ordförande"
members[34]["role"]="vice ordförande"
absent=[]
# Three members absent, replaced by serving substitutes.
for k in (5,17,40):
    absent.append({"name":members[k]["name"],"party":members[k]["party"]})
    members[k]={"name":person(),"party":members[k]["party"],"role":"tjänstgörande ersättare","replaces":members[k]["name"]}
members[12]["items"]=list(range(1,19))
substitutes=[{"name":person(),"party":p} for p in ["S","S","M","SD","C","V","KD"]]
chair=members[0]; sec={"name":"Malin Ekholm"}
adj=[{"name":members[22]["name"],"party":members[22]["party"]},{"name":members[45]["name"],"party":members[45]["party"]}]
others=[{"name":"Jenny Vallin","organisation":"Norrviks kommun","title":"kommundirektör"},
        {"name":"Peter Sandelin","organisation":"Norrviks kommun","title":"ekonomichef"},
        {"name":"Malin Ekholm","organisation":"Norrviks kommun","title":"kommunsekreterare"},
        {"name":"Kjell Dahlström","organisation":"Norrvik Energi AB","title":"vd, § 14"}]
voters=[m["name"] for m in members if "items" not in m]
def ballots(yes_parties, abstain=()):
    # Every member serving for the item being written votes (the item is the next one).
    number=len(items)+1
    out=[]
    for m in members:
        if "items" in m and number not in m["items"]: continue
        v="yes" if m["party"] in yes_parties else ("abstain" if m["party"] in abstain else "no")
        out.append({"name":m["name"],"vote":v})
    return out
S=lambda p: next(m["name"] for m in members if m["party"]==p and "role" not in m)
items=[]
def it(title, **kw):
    d={"title":title}; d.update(kw); items.append(d)
it("Upprop och anmälan om ersättare", text="Ordföranden förrättar upprop. 58 ordinarie ledamöter och 3 tjänstgörande ersättare är närvarande.", decision="Kommunfullmäktige noterar uppropet.")
it("Val av justerare", decision=f"Kommunfullmäktige utser {adj[0]['name']} ({adj[0]['party']}) och {adj[1]['name']} ({adj[1]['party']}) att justera protokollet fredagen den 28 mars 2025 i kommunhuset.")
it("Godkännande av kungörelse och föredragningslista", text="Kungörelsen har publicerats på kommunens digitala anslagstavla https://www.norrvik.se/kommun-och-politik/anslagstavla/ den 2025-03-13 och i ortstidningen.", decision="Kommunfullmäktige godkänner kungörelsen och föredragningslistan.")
it("Allmänhetens frågestund", text="En fråga om vinterväghållningen på Kvarnbacken har inkommit via e-post till kommun@norrvik.se. Tekniska nämndens ordförande besvarar frågan.", decision="Kommunfullmäktige noterar informationen.")
it("Avsägelse från uppdrag som ersättare i kommunfullmäktige", case_number="KS 2025/31", text=f"{substitutes[2]['name']} (M) har avsagt sig uppdraget som ersättare i kommunfullmäktige från och med 2025-04-01.", decision="Kommunfullmäktige godkänner avsägelsen och begär ny sammanräkning hos Länsstyrelsen i Västernorrlands län.", send_to=["Länsstyrelsen i Västernorrlands län","Kommunkansliet"])
it("Fyllnadsval till socialnämnden", case_number="KS 2025/32", decision=f"Kommunfullmäktige väljer {members[30]['name']} (M) till ny ledamot i socialnämnden för tiden till och med 2026-12-31.", send_to=["Socialnämnden","Löneenheten"])
it("Årsredovisning 2024 för Norrviks kommun", case_number="KS 2025/18", text="Kommunstyrelsen har upprättat årsredovisning för 2024. Årets resultat uppgår till 41,2 miljoner kronor, vilket motsvarar 2,3 procent av skatter och generella statsbidrag. Balanskravsresultatet är positivt. Årsredovisningen finns på https://www.norrvik.se/globalassets/ekonomi/arsredovisning-2024-slutversion.pdf.", basis=["Kommunstyrelsens protokoll 2025-03-04, § 44","Årsredovisning 2024"], decision="Kommunfullmäktige godkänner årsredovisningen för 2024.", attachments=[{"title":"Årsredovisning 2024"},{"title":"Revisorernas granskningsrapport 2024"}])
it("Revisionsberättelse och ansvarsfrihet för 2024", case_number="KS 2025/19", text="Revisorerna tillstyrker att kommunfullmäktige beviljar kommunstyrelsen, nämnderna och de enskilda förtroendevalda i dessa organ ansvarsfrihet för verksamhetsåret 2024.", procedure="Ansvarsfrihetsfrågan prövas för varje organ för sig. Ledamöter som själva är föremål för prövning deltar inte i beslutet.", decision="Kommunfullmäktige beviljar kommunstyrelsen, samtliga nämnder och de enskilda förtroendevalda i dessa organ ansvarsfrihet för 2024.", conflicts=[members[0]["name"], members[21]["name"], members[34]["name"], members[22]["name"]])
it("Budget 2026 och ekonomisk plan 2027–2028", case_number="KS 2025/7", text="Kommunstyrelsen föreslår en budget för 2026 med oförändrad skattesats om 22,14 kronor per skattekrona. Moderaterna, Sverigedemokraterna, Kristdemokraterna och Liberalerna har lämnat ett gemensamt alternativt förslag med skattesatsen 21,89 kronor.", basis=["Kommunstyrelsens protokoll 2025-03-04, § 45","Förslag till budget 2026 med plan 2027–2028","Alternativt budgetförslag från M, SD, KD och L"],
   proposals=[{"by":[chair["name"]],"text":"bifall till kommunstyrelsens förslag"},{"by":[S("M"),S("SD")],"text":"bifall till det alternativa budgetförslaget"},{"by":[S("V")],"text":"yrkar återremiss för att utreda höjda anslag till äldreomsorgen"}],
   procedure="Ordföranden ställer först proposition på om ärendet ska avgöras i dag eller återremitteras och finner att det ska avgöras i dag.\n\nDärefter ställer ordföranden proposition på kommunstyrelsens förslag mot det alternativa budgetförslaget. Votering begärs och verkställs.",
   votes=[{"question":"Ska kommunfullmäktige bifalla kommunstyrelsens förslag till budget 2026?","yes":"kommunstyrelsens förslag","no":"det alternativa budgetförslaget","ballots":ballots({"S","C","MP","V"})}],
   decision="Kommunfullmäktige beslutar\n\n1. att fastställa skattesatsen för 2026 till 22,14 kronor per skattekrona;\n2. att fastställa budget 2026 och ekonomisk plan 2027–2028 enligt kommunstyrelsens förslag.",
   reservations=[{"by":[S("M"),S("SD"),S("KD"),S("L")],"text":"till förmån för det alternativa budgetförslaget"}],
   notes=[{"by":[S("V")],"text":"Vänsterpartiet röstade för kommunstyrelsens förslag men hade hellre sett att ärendet återremitterades för att utreda höjda anslag till äldreomsorgen."},{"by":[S("C")],"text":"Centerpartiet vill se en översyn av lokalkostnaderna under 2026"},{"by":[S("MP")],"text":"Miljöpartiet noterar att klimatbudgeten saknar mätbara mål."}],
   send_to=["Samtliga nämnder","Ekonomiavdelningen","Norrvik Energi AB"])
it("Taxor för vatten och avlopp 2026", case_number="KS 2025/51", text="Norrvik Vatten AB föreslår en höjning av brukningsavgiften med 6,5 procent från och med 2026-01-01 för att finansiera förnyelsen av ledningsnätet.", decision="Kommunfullmäktige fastställer VA-taxan för 2026 enligt bilaga.", attachments=[{"title":"VA-taxa 2026"}], send_to=["Norrvik Vatten AB"])
it("Detaljplan för Kvarnbacken 2:14 m.fl.", case_number="SBN 2023/212", text="Planen möjliggör cirka 120 bostäder och en förskola. Planförslaget har varit utställt för granskning 2024-11-04–2024-11-25. Inkomna synpunkter redovisas i granskningsutlåtandet.", decision="Kommunfullmäktige antar detaljplanen för Kvarnbacken 2:14 m.fl.", attachments=[{"title":"Plankarta med bestämmelser"},{"title":"Granskningsutlåtande"}], send_to=["Samhällsbyggnadsnämnden","Lantmäterimyndigheten"])
it("Försäljning av fastigheten Norrvik 5:88", case_number="KS 2024/301", text="Sjöstadens Fastigheter AB har erbjudit 8,4 miljoner kronor för fastigheten. Värderingen visar ett marknadsvärde om 8,1 miljoner kronor.", decision="Kommunfullmäktige godkänner försäljningen av Norrvik 5:88 till Sjöstadens Fastigheter AB för 8 400 000 kronor.", immediately_adjusted=True, send_to=["Sjöstadens Fastigheter AB","Mark- och exploateringsenheten"])
it("Borgensförbindelse för Norrvik Energi AB", case_number="KS 2025/12", text="Bolaget behöver låna 150 miljoner kronor för utbyggnad av fjärrvärmenätet. Kommunens borgensåtagande ökar därmed till 620 miljoner kronor.", decision="Kommunfullmäktige beslutar att såsom för egen skuld ingå borgen för Norrvik Energi AB:s låneförpliktelser upp till ett totalt belopp om 620 000 000 kronor jämte därpå löpande ränta och kostnader.", send_to=["Norrvik Energi AB","Ekonomiavdelningen"])
it("Information från Norrvik Energi AB", text="Verkställande direktören Kjell Dahlström informerar om bolagets verksamhet och investeringsplan.", decision="Kommunfullmäktige noterar informationen.")
it("Reglemente för socialnämnden", case_number="KS 2025/22", text="Reglementet anpassas till den nya socialtjänstlagen (2025:400) som träder i kraft 2025-07-01.", decision="Kommunfullmäktige antar reglemente för socialnämnden att gälla från och med 2025-07-01.", attachments=[{"title":"Reglemente för socialnämnden"}])
it("Arvodesbestämmelser för förtroendevalda 2025–2026", case_number="KS 2025/23", decision="Kommunfullmäktige antar arvodesbestämmelserna.", reservations=[{"by":[S("V")]}])
it("Motion om gratis kollektivtrafik för pensionärer", case_number="KS 2024/188", text=f"{S('V')} (V) föreslår i en motion att pensionärer ska få åka gratis med kollektivtrafiken inom kommunen. Kommunstyrelsen föreslår att motionen avslås med hänvisning till kostnaden.", proposals=[{"by":[S("V")],"text":"bifall till motionen"},{"by":[chair["name"]],"text":"bifall till kommunstyrelsens förslag"}], decision="Kommunfullmäktige avslår motionen.", reservations=[{"by":[S("V")],"text":"till förmån för eget yrkande"}])
it("Motion om solceller på kommunens fastigheter", case_number="KS 2024/201", decision="Kommunfullmäktige bifaller motionen och uppdrar åt kommunstyrelsen att ta fram en plan för solceller på kommunens fastigheter senast 2025-12-31.")
it("Medborgarförslag om hundrastgård i Östermalm", case_number="KS 2024/244", decision="Kommunfullmäktige överlämnar medborgarförslaget till tekniska nämnden för beslut.", send_to=["Tekniska nämnden","Förslagsställaren"])
it("Medborgarförslag om belysning vid Kvarnbackens gångväg", case_number="KS 2024/251", decision="Kommunfullmäktige överlämnar medborgarförslaget till tekniska nämnden för beslut.")
it("Placering av barn enligt LVU – anmälan", case_number="Dnr SN 2025/12", text="Redovisningen innehåller uppgifter om enskildas personliga förhållanden och hälsa.", decision="Kommunfullmäktige noterar anmälan och uppdrar åt socialnämnden att följa upp vården.", confidential=True, confidential_reason="Sekretess enligt 26 kap. 1 § offentlighets- och sekretesslagen (2009:400).", publish_decision=True)
it("Ej verkställda beslut enligt SoL och LSS, kvartal 4 2024", case_number="SN 2025/3", text="Socialnämnden rapporterar sju beslut som inte verkställts inom tre månader.", decision="Kommunfullmäktige noterar rapporten.")
it("Interpellation om skolskjutsarna i Norrbyn", case_number="KS 2025/40", text=f"{S('SD')} (SD) har ställt en interpellation till barn- och utbildningsnämndens ordförande om skolskjutsarnas restider. Interpellationen besvaras och debatteras.", decision="Kommunfullmäktige noterar att interpellationen är besvarad.")
it("Interpellation om väntetider i hemtjänsten", case_number="KS 2025/41", decision="Interpellationen besvaras vid nästa sammanträde den 2025-04-28.")
it("Fråga om kommunens beredskap vid höga flöden", case_number="KS 2025/44", decision="Kommunfullmäktige noterar att frågan är besvarad.")
it("Redovisning av obesvarade motioner och medborgarförslag", case_number="KS 2025/9", text="Elva motioner och fyra medborgarförslag är inte slutligt behandlade inom ett år.", decision="Kommunfullmäktige noterar redovisningen.")
it("Revisorernas granskning av hemtjänsten", case_number="KS 2025/27", decision="Kommunfullmäktige noterar rapporten och överlämnar den till socialnämnden för yttrande senast 2025-06-30.", send_to=["Socialnämnden","Revisorerna"])
it("Policy för informationssäkerhet", case_number="KS 2025/15", text="Policyn ersätter den tidigare från 2019. Frågor besvaras av informationssäkerhetssamordnaren via informationssakerhet@norrvik.se.", decision="Kommunfullmäktige antar policyn för informationssäkerhet.")
it("Ändring av förbundsordning för Räddningstjänstförbundet Mitt", case_number="KS 2025/17", decision="Kommunfullmäktige godkänner den ändrade förbundsordningen.", send_to=["Räddningstjänstförbundet Mitt"])
it("Val av ombud till Kommuninvests föreningsstämma", case_number="KS 2025/29", decision=f"Kommunfullmäktige väljer {members[3]['name']} (S) till ombud och {members[25]['name']} (M) till ersättare.")
it("Anmälan av nya motioner", decision="Kommunfullmäktige överlämnar motionerna till kommunstyrelsen för beredning.")
it("Anmälan av nya medborgarförslag", decision="Kommunfullmäktige överlämnar medborgarförslagen till kommunstyrelsen.")
it("Meddelanden", text="Länsstyrelsens beslut om ny ledamot och ersättare, 2025-02-20.", decision="Kommunfullmäktige noterar meddelandena.")
it("Sammanträdet avslutas", text="Ordföranden tackar ledamöterna och avslutar sammanträdet kl. 21.40.")
meeting={"version":1,"layout":"kommun","organisation":{"name":"Norrviks kommun","logo":"vapen.png"},"body":{"name":"Kommunfullmäktige"},"office":"Kommunledningskontoret","date":"2025-03-24",
 "time":{"start":"18:00","end":"21:40","breaks":[{"start":"19:50","end":"20:10"}]},"place":"Stadshusets sessionssal, Norrvik","numbering":{"style":"paragraph","start":1},
 "chair":{"name":chair["name"],"party":chair["party"]},"secretary":sec,"adjusters":adj,"adjustment":{"date":"2025-03-28","place":"Kommunhuset, Norrvik"},
 "notice":{"posted":"2025-03-31","storage":"Kommunledningskontoret, kansliet"},
 "members":members,"substitutes":substitutes,"absent":absent,"others":others,"items":items}
print(json.dumps(meeting,ensure_ascii=False,indent=2))
