#!/usr/bin/env python3
"""Builds the 2026 part of ntm's demo (data/demo/): Lai Châu's villages carried
into the new communes on 1/7/2025, commune groups of Decision 51/2025, the
province's departments that own the 2026-2030 criteria, and a few 2026 values.

No source we hold gives Lai Châu's commune groups, the owners of the 2026-2030
criteria or any 2026 value: those are illustrative, and every one of them says
so ("Minh họa" in its source, basis or note). The villages follow the
administrative-units data: each village goes with its old commune into the new
commune that commune was merged into (data/demo/lai-chau-successions-2025.csv).
Run from the repository root:  python3 tools/build_demo_2026.py
"""
import csv
import io
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = os.path.join(ROOT, 'data', 'demo')
REFORM_START = '2025-07-01'
ILLUSTRATIVE_GROUPS = 'Minh họa: UBND tỉnh Lai Châu chưa có quyết định phân nhóm xã theo Quyết định 51/2025/QĐ-TTg trong dữ liệu của ntm'


def read(name):
    with open(os.path.join(DEMO, name), encoding='utf-8') as f:
        return list(csv.DictReader(f))


def write_csv(name, fieldnames, data):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fieldnames, lineterminator='\n')
    w.writeheader()
    for row in data:
        w.writerow(row)
    with open(os.path.join(DEMO, name), 'w', encoding='utf-8') as f:
        f.write(buf.getvalue())


units = read('lai-chau-units.csv')
successions = read('lai-chau-successions-2025.csv')
successor = {s['old_code']: s['new_code'] for s in successions}
new_units = {u['code']: u for u in units if u['valid_from'] == REFORM_START}

# --- Villages into the new communes -------------------------------------------
moves = []
for v in units:
    if v['kind'] != 'village':
        continue
    new = successor.get(v['parent_code'])
    if new is None:
        raise SystemExit(f"village {v['code']}: its commune {v['parent_code']} has no successor")
    moves.append(dict(village_code=v['code'], commune_code=new, date=REFORM_START,
                      note=f"Theo sắp xếp đơn vị hành chính cấp xã từ 01/7/2025: xã cũ mã {v['parent_code']} vào xã mới mã {new}"))
write_csv('lai-chau-villages-2025.csv', ['village_code', 'commune_code', 'date', 'note'], moves)

# --- Commune groups (illustrative) --------------------------------------------
# Lai Châu's new communes are nearly all in zones II and III of the ethnic-minority
# and mountain areas (group 3). For the demo, the communes next to the province's
# town are put in group 1 and the former district towns in group 2; Sin Suối Hồ is
# left without a group so that "chưa xếp nhóm" shows.
GROUP_1 = {'03390'}                        # Bình Lư, next to the province's town
GROUP_2 = {'03549', '03445', '03478', '03595', '03598'}   # former district towns
UNGROUPED = {'03394'}                      # Sin Suối Hồ
groups = []
for code, u in sorted(new_units.items()):
    if u['kind'] != 'commune' or code in UNGROUPED:
        continue
    flag = 'nhom_1' if code in GROUP_1 else 'nhom_2' if code in GROUP_2 else 'nhom_3'
    groups.append(dict(unit_code=code, flag=flag, valid_from='2026-02-15', valid_to='', source=ILLUSTRATIVE_GROUPS))
write_csv('lai-chau-groups-2026.csv', ['unit_code', 'flag', 'valid_from', 'valid_to', 'source'], groups)

# --- A few 2026 values (illustrative) -----------------------------------------
NOTE = ('Điền bổ sung (minh họa): số liệu minh họa năm 2026 cho bộ tiêu chí giai đoạn 2026-2030; '
        'không lấy từ văn bản nào')
# code: (income growth %/year, OCOP plan, poor households/households, clean water households/households, food safety)
SAMPLE = {
    '03549': ('7,2', 'đạt', (96, 2710), (2520, 2710), 'đạt'),
    '03562': ('6,1', 'đạt', (402, 1830), (1390, 1830), 'đạt'),
    '03571': ('5,4', 'không đạt', (515, 1640), (1120, 1640), 'không đạt'),
    '03583': ('8,0', 'đạt', (188, 2105), (1930, 2105), 'đạt'),
    '03394': ('4,9', 'đạt', (377, 1210), (980, 1210), 'đạt'),
    '03445': ('6,6', 'đạt', (301, 2480), (2190, 2480), 'đạt'),
    '03439': ('5,0', 'không đạt', (610, 1505), (790, 1505), 'đạt'),
}
values = []
for code, (growth, ocop, poor, water, food) in SAMPLE.items():
    base = dict(unit_code=code, period='2026', criteria_set='', criterion='', value='', achieved='', total='',
                note=NOTE, evidence='', provenance='estimated')
    values.append({**base, 'indicator': '3.a', 'value': growth})
    values.append({**base, 'indicator': '3.b', 'value': ocop})
    values.append({**base, 'indicator': '6.a', 'achieved': poor[0], 'total': poor[1]})
    values.append({**base, 'indicator': '8.a', 'achieved': water[0], 'total': water[1]})
    values.append({**base, 'indicator': '8.b', 'value': food})
write_csv('values-2026.csv',
          ['unit_code', 'period', 'criteria_set', 'indicator', 'criterion', 'value', 'achieved', 'total', 'note',
           'evidence', 'provenance'],
          values)

# --- The province's departments and what they own (illustrative) ---------------
DEPARTMENTS = [
    ('12-snnmt', 'Sở Nông nghiệp và Môi trường tỉnh Lai Châu (Văn phòng Điều phối NTM tỉnh)', ['3', '6', '8']),
    ('12-sxd', 'Sở Xây dựng tỉnh Lai Châu', ['1', '2']),
    ('12-snv', 'Sở Nội vụ tỉnh Lai Châu', ['4', '9']),
    ('12-svhttdl', 'Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu', ['5']),
    ('12-skhcn', 'Sở Khoa học và Công nghệ tỉnh Lai Châu', ['7']),
    ('12-stp', 'Sở Tư pháp tỉnh Lai Châu', ['10']),
]
BASIS = ('Minh họa: phân công giả định theo chức năng các sở sau sắp xếp năm 2025; '
         'chưa có quyết định phân công của UBND tỉnh trong dữ liệu của ntm')
lines = [
    '# The province of Lai Châu after 1 July 2025: its departments and the 2026-2030',
    '# criteria they own. Written by tools/build_demo_2026.py; illustrative (see the basis).',
    '',
]
for code, name, criteria in DEPARTMENTS:
    lines += ['[[agencies]]', f'code = "{code}"', f'name = "{name}"', 'unit = "12"', f'valid_from = "{REFORM_START}"', '']
for code, _, criteria in DEPARTMENTS:
    for c in criteria:
        lines += ['[[ownerships]]', f'agency = "{code}"', 'namespace = "xa-2026"', f'criterion = "{c}"',
                  f'valid_from = "{REFORM_START}"', f'basis = "{BASIS}"', '']
with open(os.path.join(DEMO, 'reference-2026.toml'), 'w', encoding='utf-8') as f:
    f.write('\n'.join(lines))

print(f'{len(moves)} villages, {len(groups)} commune groups, {len(values)} values of 2026, '
      f'{len(DEPARTMENTS)} departments')
