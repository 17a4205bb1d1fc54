#!/usr/bin/env python3
"""Writes Panlong.Portal/Features/Identity/Passwords/common-passwords.txt: a few thousand passwords that guessing
attacks try first (issue 15; OWASP ASVS 5.0 V6.2.4 "top 3000"), made here from public knowledge, not downloaded:
well-known leaked favourites, keyboard walks, digit runs, Chinese favourites in pinyin and digits, each with the
endings people add. The validator compares lower case, and also the word left after stripping digits and symbols
from both ends, so 'Password123!' counts as 'password'. Run `python3 tools/common_passwords.py`, commit the file."""
import os

# Words and phrases that lead every published list of leaked passwords.
WORDS = """
password passw0rd p@ssw0rd p@ssword pass pass1234 passwd secret letmein welcome welcome1 admin administrator root
login guest user test test123 demo default changeme qwerty qwertyuiop qwert asdf asdfgh asdfghjkl zxcvbn zxcvbnm
qazwsx qazwsxedc 1qaz2wsx 1q2w3e4r 1q2w3e 1qazxsw2 zaq12wsx zaq1zaq1 q1w2e3r4 qweasd qweasdzxc asdqwe abc abcd
abcdef abcdefg abcdefgh abcabc iloveyou iloveu loveyou lovely love lover monkey dragon master shadow sunshine
princess football baseball basketball soccer hockey superman batman spiderman starwars pokemon michael jennifer
jordan hunter ranger buster thomas robert daniel charlie andrew matthew joshua george harley hello hellokitty
whatever trustno1 freedom flower summer winter spring autumn computer internet cookie cheese chocolate banana
orange apple pepper ginger maggie tigger killer ninja mustang ferrari porsche corvette yankees dallas jordan23
michelle jessica ashley amanda nicole samsung google facebook twitter linkedin microsoft windows android iphone
secure security access system server oracle mysql postgres database office manager company business money
dollar million lucky happy family friends forever angel angels heaven blessed jesus christ faith bailey buddy
purple yellow silver golden diamond crystal rainbow butterfly snoopy mickey minnie disney naruto goku zelda
mario minecraft fortnite roblox gaming gamer player soccer1 liverpool chelsea arsenal barcelona madrid juventus
qwerty1 qwerty123 azerty zxcv asdzxc 7777777 zzzzzz aaaaaa abc123 a1b2c3 a1b2c3d4 aa123456 aaa111 q1w2e3
1qaz@wsx 1qaz@wsx3edc !qaz2wsx !qaz@wsx zaq1@wsx zaq!2wsx 1qaz!qaz 1q2w3e4r5t6y q1w2e3r4t5 qwer1234 qwer!234
qwer@1234 asdf1234 asdf!234 zxcv1234 1234qwer 1234abcd abcd1234 abcd!234 qwe!@#123 !@#$%^ !@#$%^&* 1q@w3e$r
""".split()

# Chinese favourites: pinyin words, love numbers, lucky numbers, common given and family names.
PINYIN = """
woaini woaini1314 woaini520 woainima woaiwojia woaini1 aini aini1314 ainio wuai 5201314 1314520 520520 521521
5211314 1314521 woshishui woshiwo nihao nihaoma zhongguo zhonghua china chinese beijing shanghai guangzhou
shenzhen tianjin chongqing xiaoming xiaohong xiaoli xiaowang xiaozhang xiaoyu xiaomi huawei baidu tencent alibaba
taobao weixin wechat qq qqqq qq123 qq5201314 qwe qwe123 qweqwe woaiwolaopo laopo laogong baobao baobei tiantian
xingfu kuaile pingan fuqi meimei gege jiejie didi mama baba yeye nainai shengri aiqing yongyuan wangwang
zhang wang li liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang han
feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye cheng wei su lu ding ren shen yao jin fan
fang shi tan liao zou xiong lei qin hao kong bai cui kang mao qiu gu hou shao meng long wan duan qian tang
jianguo jianjun jianhua guoqiang zhiqiang yong jun wei hua ming jie tao lei bin hui lin ping xia yan fang juan
hong ying li na qiang lei jing tingting lili fangfang yanyan jingjing lingling
""".split()

# Runs of digits and letters that need no imagination.
DIGITS = """
123 1234 12345 123456 1234567 12345678 123456789 1234567890 0123456789 987654321 9876543210 654321 54321 4321
111111 1111111 11111111 000000 00000000 222222 333333 444444 555555 666666 6666666 66666666 777777 888888
8888888 88888888 999999 99999999 121212 123123 123321 112233 112358 123654 147258 147258369 159357 159753
147852 147852369 258369 321321 369369 456789 789456 741852963 963852741 520520 131313 101010 110110 112112
114114 119119 120120 123qwe 123abc 123aaa 123456a 123456abc 123456q 123456qq 123456aa a123456 a12345678
aa123456 abc123456 abc12345 q123456 qq123456 qwe123456 zxc123456 asd123456 1q2w3e4r5t 1qaz2wsx3edc
""".split()

# What people put after a word to pass a "digits and symbols" rule.
ENDINGS = ["", "1", "12", "123", "1234", "123456", "520", "666", "888", "1314", "!", "1!", "123!", "@123", "#123", "2026"]

# Caps and swaps people believe make a word safe.
def leet(word):
    return word.replace("a", "@").replace("o", "0").replace("e", "3").replace("i", "1").replace("s", "$")

def main():
    words = []
    for w in WORDS + PINYIN:
        if w not in words:
            words.append(w)
    found = []
    seen = set()
    def add(p):
        p = p.lower()
        if p not in seen:
            seen.add(p)
            found.append(p)
    for d in DIGITS:
        add(d)
    for w in words:
        add(w)
        add(leet(w))
    # Every word with every ending only for the words of 4+ letters: "li123" is noise, "woaini123" is not.
    for w in words:
        if len(w) >= 4:
            for e in ENDINGS:
                add(w + e)
        add(w + w)
    path = os.path.join(os.path.dirname(__file__), "..", "Panlong.Portal", "Features", "Identity", "Passwords", "common-passwords.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# Written by tools/common_passwords.py: passwords that guessing attacks try first. Do not edit by hand.\n")
        for p in found:
            f.write(p + "\n")
    print(f"{len(found)} passwords -> {os.path.normpath(path)}")

if __name__ == "__main__":
    main()
