# Generates samples/kommunfullmaktige-vanersby/kommunfullmaktige-2025-11-24.json: a fictional
# kommunfullmäktige of 31 seats and 12 paragraphs (KF §§ 118–128, with 122 a and 122 b) written
# as a real protocol, using every format 1.1 addition: organ prefix, sub-paragraphs, a vice chair
# presiding over two paragraphs where the chair is jävig, committee proposals, a special
# statement, group reservations, partial attendance, an adjuster's substitute, the time of
# adjustment, a politician present without serving, personal data in {{…}}. The ballots follow
# the parties' lines. Usage: python3 scripts/gen-vanersby-sample.py (writes the file).
import json, os
S=[("Margareta Holm","S"),("Anders Lindqvist","S"),("Eva Sjöberg","S"),("Ahmed Hassan","S"),("Birgitta Nyberg","S"),("Patrik Ström","S"),("Lena Wikström","S"),("Mikael Forsberg","S"),("Sara Engström","S"),("Johan Blom","S")]
M=[("Lars Öberg","M"),("Cecilia Ahlgren","M"),("Per Jakobsson","M"),("Ulrika Dahl","M"),("Henrik Sandberg","M"),("Maria Lundgren","M"),("Fredrik Hedlund","M")]
SD=[("Jonas Berg","SD"),("Camilla Strand","SD"),("Roger Nilsson","SD"),("Tommy Eriksson","SD"),("Linda Holmberg","SD"),("Kent Åberg","SD")]
C=[("Karin Nyström","C"),("Gustav Olsson","C"),("Ingrid Falk","C")]
KD=[("Daniel Törnqvist","KD"),("Ann-Sofie Palm","KD")]
V=[("Elin Bergkvist","V"),("Nils Ekman","V")]
L=[("Björn Hägg","L")]
everyone=S+M+SD+C+KD+V+L
absent={"Patrik Ström":("Rasmus Lind","S"),"Maria Lundgren":("Göran Wall","M"),"Nils Ekman":None}
members=[];absent_list=[]
for name,party in everyone:
    if name in absent:
        absent_list.append({"name":name,"party":party})
        sub=absent[name]
        if sub: members.append({"name":sub[0],"party":sub[1],"role":"tjänstgörande ersättare","replaces":name})
        continue
    m={"name":name,"party":party}
    if name=="Margareta Holm": m["role"]="ordförande"
    if name=="Lars Öberg": m["role"]="vice ordförande"
    members.append(m)
# Kent Åberg leaves during § 127 (present for part of it) and is not there for § 128.
for m in members:
    if m["name"]=="Kent Åberg":
        m["items"]=[118,119,120,121,122,123,124,125,126,127]
        m["partly"]=[127]
serving=[m["name"] for m in members]
party={m["name"]:m["party"] for m in members}
def ballots(item_conflicts, yes_parties, no_parties, abstain_parties=()):
    out=[]
    for n in serving:
        if n in item_conflicts: continue
        p=party[n]
        v="yes" if p in yes_parties else "no" if p in no_parties else "abstain"
        out.append({"name":n,"vote":v})
    return out
items=[
 {"number":118,"title":"Val av justerare och tid för justering","decision":"Kommunfullmäktige utser Karin Nyström (C), med Ahmed Hassan (S) som ersättare, och Jonas Berg (SD) att justera dagens protokoll.\n\nJustering sker i kommunhuset fredagen den 28 november 2025 kl. 16.00."},
 {"number":119,"title":"Anmälan av motioner och medborgarförslag","case_number":"KS 2025/402","text":"Följande har inkommit sedan föregående sammanträde:\n\n- motion från Elin Bergkvist (V) om fria mensskydd på kommunens högstadieskolor;\n- medborgarförslag från {{Kerstin Lindahl, Storgatan 14, Vänersby}} om en hundrastgård vid Strandparken.","decision":"Motionen och medborgarförslaget överlämnas till kommunstyrelsen för beredning."},
 {"number":120,"title":"Delårsrapport januari–augusti 2025","case_number":"KS 2025/318","text":"Kommunens resultat för perioden januari–augusti uppgår till 42,3 miljoner kronor. Prognosen för helåret är ett överskott på 18,5 miljoner kronor, vilket är 6,1 miljoner kronor bättre än budget. Socialnämnden prognostiserar ett underskott på 9,4 miljoner kronor, främst inom försörjningsstöd och placeringar av barn och unga.","basis":["Kommunstyrelsens beslut 2025-10-28, § 201","Delårsrapport januari–augusti 2025","Revisorernas bedömning av delårsrapporten 2025-10-20"],
  "committee_proposals":[{"body":"Kommunstyrelsen","text":"Kommunfullmäktige godkänner delårsrapporten för januari–augusti 2025."}],
  "decision":"Kommunfullmäktige godkänner delårsrapporten för januari–augusti 2025."},
 {"number":121,"title":"Budget 2026 och verksamhetsplan med ekonomisk plan 2027–2028","case_number":"KS 2025/215",
  "text":"Kommunstyrelsen har lämnat förslag till budget för 2026 med en skattesats på 21,74 kronor, oförändrad jämfört med 2025. Förslaget ger ett resultat på 24,0 miljoner kronor, motsvarande 1,6 procent av skatter och statsbidrag.",
  "basis":["Kommunstyrelsens beslut 2025-10-28, § 198","Budget 2026 och plan 2027–2028, kommunstyrelsens förslag","Moderaternas och Kristdemokraternas budgetförslag 2026"],
  "committee_proposals":[{"body":"Kommunstyrelsen","text":"Kommunfullmäktige beslutar\n1. att fastställa skattesatsen för 2026 till 21,74 kronor per skattekrona;\n2. att fastställa budget 2026 och plan 2027–2028 enligt kommunstyrelsens förslag;\n3. att ge kommunstyrelsen rätt att under 2026 nyupplåna, det vill säga öka kommunens skulder, med högst 60 miljoner kronor."}],
  "proposals":[{"by":["Anders Lindqvist"],"text":"bifall till kommunstyrelsens förslag"},{"by":["Cecilia Ahlgren","Daniel Törnqvist"],"text":"bifall till Moderaternas och Kristdemokraternas budgetförslag med en skattesats på 21,49 kronor"}],
  "procedure":"Ordföranden ställer proposition på kommunstyrelsens förslag mot Moderaternas och Kristdemokraternas förslag och finner att fullmäktige bifallit kommunstyrelsens förslag. Omröstning begärs och verkställs.",
  "votes":[{"question":"Den som vill bifalla kommunstyrelsens förslag röstar ja; den som vill bifalla Moderaternas och Kristdemokraternas förslag röstar nej.","yes":"bifall till kommunstyrelsens förslag","no":"bifall till Moderaternas och Kristdemokraternas förslag","ballots":ballots((),("S","C","V","L"),("M","KD"),("SD",))}],
  "decision":"Kommunfullmäktige beslutar\n1. att fastställa skattesatsen för 2026 till 21,74 kronor per skattekrona;\n2. att fastställa budget 2026 och plan 2027–2028 enligt kommunstyrelsens förslag;\n3. att ge kommunstyrelsen rätt att under 2026 nyupplåna med högst 60 miljoner kronor.",
  "reservations":[{"by_parties":["M","KD"],"text":"till förmån för eget budgetförslag"}],
  "statements":[{"by":"Jonas Berg","text":"Sverigedemokraterna avstår från att delta i beslutet. Vi har lagt ett eget budgetförslag i kommunstyrelsen och står fast vid det, men väljer att inte ställa det mot de två förslag som nu ställts mot varandra."}],
  "send_to":["Samtliga nämnder","Ekonomiavdelningen"]},
 {"number":122,"number_suffix":"a","title":"Svar på motion om gång- och cykelväg längs Kvarnvägen","case_number":"KS 2024/377","text":"Gustav Olsson (C) föreslår i en motion att kommunen bygger en gång- och cykelväg längs Kvarnvägen mellan Kyrkbyn och Lövåsskolan.",
  "committee_proposals":[{"body":"Tekniska nämnden","text":"Motionen anses besvarad med hänvisning till att sträckan finns med i den cykelplan som antogs 2025-04-22."},{"body":"Kommunstyrelsen","text":"Kommunfullmäktige anser motionen besvarad."}],
  "decision":"Kommunfullmäktige anser motionen besvarad."},
 {"number":122,"number_suffix":"b","title":"Svar på medborgarförslag om belysning i Strandparken","case_number":"KS 2025/88","text":"I ett medborgarförslag föreslår {{Mats Lindgren}} att belysningen längs promenadstråket i Strandparken förbättras.","committee_proposals":[{"body":"Kommunstyrelsens arbetsutskott","text":"Medborgarförslaget bifalls. Belysningen byggs ut inom ramen för tekniska nämndens budget för 2026."}],"decision":"Kommunfullmäktige bifaller medborgarförslaget."},
 {"number":123,"title":"Taxa för prövning och tillsyn enligt miljöbalken 2026","case_number":"KS 2025/290","committee_proposals":[{"body":"Miljö- och byggnämnden","text":"Timavgiften höjs från 1 250 kronor till 1 310 kronor från och med 2026-01-01."}],"decision":"Kommunfullmäktige antar taxa för prövning och tillsyn enligt miljöbalken att gälla från och med 2026-01-01, med en timavgift på 1 310 kronor.","notes":[{"by":["Elin Bergkvist"],"text":"Vänsterpartiet vill att taxan för små livsmedelsföretag ses över under 2026."}]},
 {"number":124,"title":"Ägardirektiv för Vänersbyhem AB 2026","case_number":"KS 2025/301","presiding":"Lars Öberg","conflicts":["Margareta Holm"],"text":"Margareta Holm (S) är ledamot i styrelsen för Vänersbyhem AB och anmäler jäv. Förste vice ordförande Lars Öberg (M) leder förhandlingarna under paragraferna 124–125.","committee_proposals":[{"body":"Kommunstyrelsen","text":"Kommunfullmäktige fastställer ägardirektiv för Vänersbyhem AB för 2026."}],"decision":"Kommunfullmäktige fastställer ägardirektiv för Vänersbyhem AB för 2026.","send_to":["Vänersbyhem AB"]},
 {"number":125,"title":"Kommunal borgen för Vänersbyhem AB:s nybyggnad i Kyrkbyn","case_number":"KS 2025/302","presiding":"Lars Öberg","conflicts":["Margareta Holm"],
  "text":"Vänersbyhem AB planerar 48 nya hyreslägenheter i kvarteret Smedjan i Kyrkbyn och har begärt kommunal borgen för lån om högst 95 miljoner kronor.",
  "committee_proposals":[{"body":"Kommunstyrelsen","text":"Kommunfullmäktige går i borgen för Vänersbyhem AB:s lån om högst 95 000 000 kronor jämte därpå löpande ränta och kostnader."}],
  "proposals":[{"by":["Roger Nilsson"],"text":"avslag på kommunstyrelsens förslag"}],
  "procedure":"Ordföranden ställer proposition på kommunstyrelsens förslag mot avslagsyrkandet och finner att fullmäktige bifallit kommunstyrelsens förslag. Omröstning begärs och verkställs.",
  "votes":[{"question":"Den som vill bifalla kommunstyrelsens förslag röstar ja; den som vill avslå det röstar nej.","yes":"bifall till kommunstyrelsens förslag","no":"avslag","ballots":ballots(("Margareta Holm",),("S","M","C","KD","V","L"),("SD",))}],
  "decision":"Kommunfullmäktige går i borgen för Vänersbyhem AB:s lån om högst 95 000 000 kronor jämte därpå löpande ränta och kostnader.",
  "reservations":[{"by_parties":["SD"],"text":"till förmån för eget yrkande"}],
  "send_to":["Vänersbyhem AB","Ekonomiavdelningen"]},
 {"number":126,"title":"Entledigande av överförmyndare och fyllnadsval","case_number":"KS 2025/355","text":"Överförmyndaren {{Berit Sundqvist}} har begärt entledigande av personliga skäl.","decision":"Kommunfullmäktige beviljar entledigandet och väljer Jan-Erik Moberg (S) till överförmyndare för tiden till och med 2026-12-31."},
 {"number":127,"title":"Interpellation om väntetider inom hemtjänsten","case_number":"KS 2025/371","text":"Camilla Strand (SD) har ställt en interpellation till socialnämndens ordförande Eva Sjöberg (S) om väntetider inom hemtjänsten. Eva Sjöberg besvarar interpellationen. I debatten deltar Camilla Strand, Eva Sjöberg och Ingrid Falk (C).","decision":"Interpellationen är besvarad."},
 {"number":128,"title":"Anmälningar","text":"Revisionsrapport om kommunens arbete med intern kontroll samt protokoll från Vänersbyhem AB:s styrelse 2025-10-15 anmäls.","decision":"Anmälningarna läggs till handlingarna."},
]
# Kent Åberg left during § 127: his ballots exist only where he served (votes in 121, 125 fine).
meeting={"version":1,"layout":"kommunfullmaktige",
 "organisation":{"name":"Vänersby kommun"},
 "body":{"name":"Kommunfullmäktige"},
 "office":"Kommunledningskontoret",
 "date":"2025-11-24","time":{"start":"18:30","end":"21:50"},
 "place":"Kommunhusets sessionssal, Vänersby",
 "numbering":{"style":"paragraph","start":118,"prefix":"KF"},
 "chair":{"name":"Margareta Holm","party":"S"},
 "secretary":{"name":"Susanne Widén"},
 "adjusters":[{"name":"Karin Nyström","party":"C","substitute":"Ahmed Hassan"},{"name":"Jonas Berg","party":"SD"}],
 "adjustment":{"date":"2025-11-28","place":"Kommunhuset","time":"16:00"},
 "notice":{"posted":"2025-12-01","storage":"Kommunledningskontoret, kansliet"},
 "members":members,
 "substitutes":[{"name":"Hanna Björk","party":"S"},{"name":"Erik Mattsson","party":"C"}],
 "absent":absent_list,
 "others":[{"name":"Sofia Lund","party":"V","title":"revisionens ordförande"},{"name":"Thomas Krantz","organisation":"Vänersby kommun","title":"kommundirektör"},{"name":"Susanne Widén","organisation":"Vänersby kommun","title":"kommunsekreterare"}],
 "items":items}
OUT = os.path.join(os.path.dirname(__file__), "..", "samples", "kommunfullmaktige-vanersby", "kommunfullmaktige-2025-11-24.json")
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(meeting, f, ensure_ascii=False, indent=2)
    f.write("\n")
