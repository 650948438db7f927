"""Every text the assistant says, in one place, rendered for one person.

Rasa names the responses of a turn and bot/rendering.py renders them here; the
web app uses the same function for what it says itself (media, outages), so no
reply text lives in two places.
"""

from __future__ import annotations

from typing import Any

from bot.i18n import N_, gettext
from bot.menu import MENU
from bot.roster.identity import Identity

TEXTS: dict[str, str] = {
    "utter_greet": N_("{salam}{hello} Saya asisten PKH di WhatsApp, siap membantu. 😊\n\n{menu}"),
    "utter_menu": N_("{menu}"),
    "utter_goodbye": N_("Sampai jumpa, {you}! Kalau perlu bantuan lagi, tulis saja *menu*. 🙏"),
    "utter_thank": N_("Sama-sama, {you}. 🙏 Ada lagi yang bisa dibantu? Tulis *menu* untuk melihat pilihan."),
    # Source: P2K2 module 2018 edition, 5 modules / 14 sessions; attendance is a
    # PKH obligation (Permensos 1/2018). See shared domain facts, sections 2-3.
    "utter_what_is_p2k2": N_(
        "*P2K2* (Pertemuan Peningkatan Kemampuan Keluarga) adalah pertemuan kelompok PKH "
        "setiap bulan bersama pendamping. Di sana Ibu belajar hal yang berguna untuk keluarga, "
        "dalam 5 modul: pengasuhan & pendidikan anak, keuangan & usaha, kesehatan & gizi, "
        "perlindungan anak, dan kesejahteraan sosial.\n\n"
        "Hadir di P2K2 termasuk kewajiban peserta PKH. Jadwalnya diberitahukan oleh pendamping.\n\n"
        "Tulis *menu* untuk pilihan lain."
    ),
    "utter_what_can_you_do": N_(
        "Saya asisten PKH di WhatsApp untuk Ibu peserta PKH dan pendamping. Saat ini saya bisa:\n"
        "• mencatat jualan dan belanja Ibu (tulis saja: *laku gorengan 85rb*)\n"
        "• memberi rekap hari ini, minggu ini, bulan ini, dan grafiknya\n"
        "• menjelaskan apa itu P2K2\n\n"
        "Sebentar lagi: menjawab soal PKH dan PENA, serta undangan pertemuan.\n\n"
        "Bahasa: tulis *basa sunda*, *english* atau *bahasa indonesia*. Tulis *menu* untuk mulai."
    ),
    "utter_how_to_register": N_(
        "Untuk memakai layanan ini sebagai peserta PKH, minta *pendamping PKH* Ibu "
        "mendaftarkan nomor WhatsApp ini di kelompok Ibu. Setelah terdaftar, Ibu bisa langsung "
        "menulis di sini. Sambil menunggu, Ibu tetap boleh bertanya."
    ),
    "utter_how_to_record": N_(
        "Tulis saja seperti biasa, satu pesan untuk satu catatan:\n"
        "• *laku gorengan 85rb*\n• *belanja bahan 40rebu*\n• *kemarin jualan 90 ribu*\n"
        "• *laku 200rb, belanja 75rb* (dua catatan sekaligus)\n\n"
        "Saya bacakan lagi jumlahnya. Salah? Tulis *hapus yang tadi* atau *salah, harusnya 25rb*.\n"
        "Lihat hasilnya: *rekap hari ini*, *untung bulan ini*, atau *grafik*."
    ),
    "utter_registered_already": N_(
        "Nomor ini sudah terdaftar atas nama {name} (kelompok {kelompok}). 👍 Tulis *menu* untuk pilihan lain."
    ),
    "utter_out_of_scope": N_(
        "Maaf, {you}, untuk hal itu saya belum bisa membantu. 🙏 Saya asisten PKH; yang bisa saya bantu:\n\n{menu}"
    ),
    "utter_fallback": N_(
        "Maaf, saya belum paham maksud {you}. 🙏 Coba tulis dengan kata lain, atau balas dengan angka:\n\n{menu}"
    ),
    "utter_invalid_option": N_("Maaf, pilihan {number} tidak ada. Balas dengan angka 1 sampai {last}.\n\n{menu}"),
    "utter_media_only": N_(
        "Terima kasih, {you}. Maaf, saya belum bisa membaca gambar, suara, atau file. "
        "Mohon tulis pesannya sebagai teks ya. 🙏"
    ),
    "utter_saved_will_answer": N_(
        "Pesan {you} sudah kami terima dan tersimpan. 🙏 Asisten sedang ada gangguan sebentar; "
        "jawabannya kami kirim begitu bisa."
    ),
    # Ledger (bookkeeping by chat)
    "utter_ledger_recorded": N_(
        "✅ Sudah dicatat:\n{lines}\n\nSalah? Tulis *hapus yang tadi* atau *salah, harusnya 25rb*."
    ),
    "utter_ledger_confirm": N_("Saya baca:\n{lines}\n\nBetul, {you}? Balas *ya* (1) atau *bukan* (2)."),
    "utter_ledger_ask_kind": N_(
        "{amount} {day} ini *penjualan* atau *belanja*, {you}?\nBalas 1 untuk penjualan, 2 untuk belanja."
    ),
    "utter_ledger_ask_amount": N_(
        "Berapa jumlahnya, {you}? Tulis dengan angka, misalnya: *laku gorengan 85rb* atau *belanja bahan 40rb*."
    ),
    "utter_ledger_bad_amount": N_(
        "Maaf, jumlah itu tidak bisa saya catat ({detail}). Tulis jumlahnya dengan angka, misalnya: *laku 85rb*."
    ),
    "utter_ledger_future_date": N_(
        "Catatan hanya untuk hari ini atau hari yang sudah lewat, {you}. Tulis lagi setelah terjadi ya. 🙏"
    ),
    "utter_ledger_cancelled": N_("Baik, tidak saya catat. Silakan tulis ulang, misalnya: *laku gorengan 85rb*."),
    "utter_ledger_pick_kind_again": N_("Balas 1 kalau itu penjualan, 2 kalau belanja."),
    "utter_ledger_only_kpm": N_(
        "Pencatatan jualan dan belanja hanya untuk Ibu peserta PKH yang sudah terdaftar. "
        "Minta pendamping PKH Ibu mendaftarkan nomor ini; tidak ada yang saya simpan dulu."
    ),
    "utter_ledger_corrected": N_("✏️ Sudah diperbaiki: {kind} {day} {old} → *{new}*."),
    "utter_ledger_deleted": N_("🗑️ Sudah dihapus: {line}."),
    "utter_ledger_nothing_to_change": N_("Belum ada catatan yang bisa diubah, {you}."),
    "utter_ledger_correct_how": N_("Berapa yang benar, {you}? Tulis misalnya: *salah, harusnya 25rb*."),
    "utter_ledger_summary": N_(
        "📊 *Rekap {period}* ({range})\nPenjualan: {sales}\nBelanja: {expenses}\nSisa: *{net}*\n\n{compare}"
    ),
    "utter_ledger_summary_empty": N_(
        "Belum ada catatan untuk {period} ({range}). Coba tulis: *laku gorengan 85rb* atau *belanja bahan 40rb*."
    ),
    "utter_ledger_chart": N_("📈 Grafik penjualan dan belanja {period} ({range})."),
    "utter_nothing_pending": N_("Baik, {you}. 🙏 Tulis *menu* untuk melihat pilihan."),
    # After she stepped out of a form with another request (actions/questions.py).
    "utter_resume_pena": N_("Mau lanjut cek syarat PENA, {you}? Balas *lanjut*, atau tulis *batal*."),
    "utter_resume_meeting": N_("Mau lanjut membuat undangan tadi? Balas *lanjut*, atau tulis *batal*."),
    "utter_question_dropped": N_("Baik, {you}, yang tadi tidak dilanjutkan. 🙏 Tulis *menu* untuk melihat pilihan."),
    # PENA questionnaire (bot/knowledge/pena.py); the answer is never the ministry's decision.
    "utter_pena_intro": N_("Saya bantu cek syarat *PENA* untuk {you} dengan beberapa pertanyaan singkat. 🙂"),
    "utter_ask_pena_age": N_("Berapa umur {you} sekarang? (misalnya: *35*)"),
    "utter_ask_pena_business": N_(
        "Apakah {you} sudah punya usaha? Tulis usahanya (misalnya: *jualan gorengan*), atau *belum*."
    ),
    "utter_ask_pena_willing": N_(
        "Peserta PENA harus bersedia *graduasi mandiri*: keluar dari bansos PKH setelah usahanya jalan. "
        "Apakah {you} bersedia? Balas *ya* atau *tidak*."
    ),
    "utter_ask_pena_vulnerable": N_(
        "Apakah di keluarga {you} ada lansia atau anggota dengan disabilitas berat? Balas *ya* atau *tidak*."
    ),
    "utter_pena_age_invalid": N_("Maaf, umurnya belum terbaca. Tulis dengan angka, misalnya: *35*."),
    "utter_pena_yes_no": N_("Balas *ya* atau *tidak* saja, {you}."),
    "utter_pena_result": N_(
        "*Hasil cek PENA untuk {you}:*\n{lines}\n\n{verdict}\n\n"
        "Ini bukan keputusan Kemensos. Yang mengusulkan peserta PENA adalah pendamping PKH, "
        "lalu Kemensos memverifikasi."
    ),
    # Meetings (bot/meetings): a pendamping invites, KPM answer, reminders follow.
    "utter_meeting_only_pendamping": N_(
        "Maaf, {you}, undangan pertemuan dan daftar hadir hanya bisa diatur oleh pendamping PKH. 🙏 "
        "Jadwal pertemuan kelompok Ibu akan dikirim pendamping lewat nomor ini."
    ),
    "utter_meeting_unknown_group": N_(
        "Kelompok *{group}* tidak ada di daftar {you}. Kelompok dampingan {you}: {groups}.\n"
        "Tulis misalnya: *kelompok Melati* atau *semua kelompok*."
    ),
    "utter_meeting_ask_group": N_(
        "Untuk kelompok mana? Kelompok dampingan {you}: {groups}.\nTulis namanya, nomornya, atau *semua kelompok*."
    ),
    "utter_meeting_ask_day": N_(
        "Hari dan tanggal berapa pertemuannya? (misalnya: *Senin 7 Desember*, *besok*, *7/12*)"
    ),
    "utter_meeting_ask_at": N_("Jam berapa mulainya? (misalnya: *jam 9*, *13.30*)"),
    "utter_meeting_ask_exact_time": N_('"{vague}" itu jam berapa tepatnya? (misalnya: *jam 13.00*)'),
    "utter_meeting_ask_place": N_("Di mana tempatnya? (misalnya: *Balai RW 05*)"),
    "utter_meeting_weekday_mismatch": N_("Hari dan tanggalnya tidak cocok di kalender. 🤔"),
    "utter_meeting_in_past": N_("Waktu itu sudah lewat. 🙏"),
    "utter_meeting_read_back": N_(
        "Saya baca undangannya:\n👥 Kelompok {groups}\n📅 {day}\n🕘 {time}\n📍 {place}\n📘 Materi: {topic}\n\n"
        "Kirim sekarang ke *{count} anggota*? Balas *ya* atau *tidak*."
    ),
    "utter_meeting_plan_dropped": N_("Baik, tidak jadi. Tidak ada yang dikirim."),
    "utter_meeting_invitations_queued": N_(
        "📨 Undangan {title} sedang dikirim ke {count} anggota: {now} sekarang, {deferred} ditunda karena "
        "batas harian WhatsApp.{unreachable}\n\nSaya kabari lagi setelah terkirim. "
        "Lihat jawaban mereka: *siapa yang hadir {group}*."
    ),
    "utter_meeting_report": N_("📬 Laporan {title}: {sent} terkirim, {queued} masih antre, {failed} gagal.\n{lines}"),
    "utter_meeting_none": N_(
        "Belum ada pertemuan terjadwal untuk kelompok {group}. Untuk membuat: *undang kelompok ...*"
    ),
    "utter_meeting_none_past": N_("Belum ada pertemuan kelompok {group} yang sudah berlangsung untuk diabsen."),
    "utter_meeting_rsvp_list": N_(
        "*{title}*, {time}, {place}\n✅ Hadir ({n_yes}): {yes}\n❌ Tidak hadir ({n_no}): {no}\n"
        "⏳ Belum menjawab ({n_pending}): {pending}"
    ),
    "utter_meeting_change_how": N_(
        "Mau diubah jadi kapan atau di mana? Tulis misalnya: *pertemuan {groups} diundur ke Selasa jam 10*."
    ),
    "utter_meeting_change_read_back": N_(
        "Ubah {title}:\n📅 {new_day}\n🕘 {new_time}\n📍 {new_place}\n\nKabari {count} anggota? Balas *ya* atau *tidak*."
    ),
    "utter_meeting_changed_done": N_(
        "✅ Jadwal diubah: {when}, {place}. Pemberitahuan dikirim ke {count} anggota; "
        "pengingat ikut pindah.{unreachable}"
    ),
    "utter_meeting_cancel_read_back": N_(
        "Batalkan {title}? {count} anggota akan diberi tahu. Balas *ya* atau *tidak*."
    ),
    "utter_meeting_cancelled_done": N_(
        "✅ Pertemuan dibatalkan. {count} anggota diberi tahu dan pengingatnya dihapus.{unreachable}"
    ),
    "utter_meeting_member_list": N_(
        "Daftar anggota {title}:\n{lines}\n\nBalas misalnya: *yang tidak datang 3 dan 5*, atau *semua hadir*."
    ),
    "utter_meeting_bad_numbers": N_("Nomor {numbers} tidak ada di daftar (1 sampai {last}). Coba kirim lagi."),
    "utter_meeting_attendance_recorded": N_(
        "✅ Kehadiran {title} dicatat: {present} hadir, {absent} tidak hadir ({names})."
    ),
    "utter_meeting_invitation": N_(
        "📣 *Undangan {label}*\nAssalamu'alaikum, {you}. Kelompok {groups} diundang:\n📅 {day}\n🕘 {time}\n"
        "📍 {place}\n📘 Materi: {topic}\n\nMohon balas *HADIR* atau *TIDAK* (boleh dengan alasannya)."
    ),
    "utter_meeting_reminder": N_(
        "⏰ *Pengingat*: {label} kelompok {groups}, {day}, {time} di {place}. Sampai jumpa, {you}! "
        "Berhalangan? Balas *TIDAK*."
    ),
    "utter_meeting_changed": N_(
        "🔁 *Jadwal berubah*: {label} kelompok {groups} sekarang {day}, {time} di {place}.\n"
        "Mohon balas *HADIR* atau *TIDAK*."
    ),
    "utter_meeting_cancelled": N_(
        "❌ {label} kelompok {groups} pada {day}, {time} *dibatalkan*. Jadwal baru akan dikabari pendamping."
    ),
    "utter_meeting_rsvp_yes": N_("✅ Terima kasih, {you}! Ibu dicatat *hadir* di {label} {day}, {time}, {place}."),
    "utter_meeting_rsvp_no": N_(
        "Baik, {you}, dicatat *tidak hadir* di {label} {day}. Semoga lancar. 🙏 Kalau berubah pikiran, balas *HADIR*."
    ),
    "utter_meeting_rsvp_unclear": N_("Untuk {label} {day}, {time}: balas *HADIR* atau *TIDAK*, {you}."),
    "utter_meeting_no_invitation": N_("Belum ada undangan pertemuan yang menunggu jawaban {you}. 🙏"),
    # Her say over what we send (bot/privacy/consent.py), answered before Rasa.
    "utter_consent_stopped": N_(
        "Baik, {you}. Mulai sekarang saya tidak mengirim pengingat, undangan, atau pesan mingguan lagi. 🙏 "
        "Ibu tetap bisa menulis di sini kapan saja. Untuk menerimanya lagi, tulis *MULAI LAGI*."
    ),
    "utter_consent_started": N_(
        "Selamat datang kembali, {you}! 😊 Pengingat dan pesan mingguan akan saya kirim lagi. "
        "Untuk berhenti, tulis *BERHENTI*."
    ),
    "utter_consent_already_on": N_("Layanan untuk {you} sudah aktif. 😊 Tulis *menu* untuk melihat pilihan."),
    "utter_consent_delete_ask": N_(
        "Kalau dihapus, yang hilang: semua catatan jualan, belanja dan tabungan {you}, target tabungan, grafik, "
        "jawaban undangan, dan riwayat pesan di sini. Yang tetap ada hanya nama, nomor, dan kelompok {you} di "
        "daftar pendamping, karena dipakai program PKH. Data yang sudah dihapus tidak bisa dikembalikan.\n\n"
        "Yakin? Balas *YA HAPUS* untuk menghapus, atau *TIDAK*."
    ),
    "utter_consent_deleted": N_(
        "✅ Data {you} sudah dihapus. Terima kasih sudah memakai layanan ini. 🙏 "
        "Kalau ingin mencatat lagi, tulis saja kapan pun."
    ),
    "utter_consent_delete_kept": N_("Baik, data {you} tidak dihapus. 🙏"),
    # The weekly savings nudge (bot/nudges, rules in data/nudges.yml): never shaming.
    "utter_nudge_steady": N_(
        "📊 Minggu ini penjualan {you} {sales}, belanja {expenses}. Kalau disisihkan {percent} dari "
        "penjualan ({share}), dalam {months} bulan terkumpul sekitar {projection}.{goal}\n\n"
        "Tidak ingin pesan ini? Tulis *BERHENTI*."
    ),
    "utter_nudge_up": N_(
        "👏 Mantap, {you}! Penjualan minggu ini {sales}, naik {diff} dari minggu lalu; belanja {expenses}. "
        "Kalau disisihkan {percent} dari penjualan ({share}), dalam {months} bulan terkumpul sekitar "
        "{projection}.{goal}\n\nTidak ingin pesan ini? Tulis *BERHENTI*."
    ),
    "utter_nudge_down": N_(
        "💪 {you}, minggu ini penjualan {sales} dan belanja {expenses}, sedikit di bawah minggu lalu. Tidak apa-apa, "
        "tetap semangat! Kalau disisihkan {percent} dari penjualan ({share}), dalam {months} bulan terkumpul "
        "sekitar {projection}.\n\n💡 {tip}{goal}\n\nTidak ingin pesan ini? Tulis *BERHENTI*."
    ),
    "utter_nudge_record": N_(
        "📝 {you}, minggu ini belum ada catatan jualan. Yuk dicatat, cukup tulis seperti biasa, misalnya: "
        "*laku gorengan 85rb* atau *belanja bahan 40rb*. Dengan catatan, Ibu bisa melihat untung tiap minggu. 🙂"
        "\n\nTidak ingin pesan ini? Tulis *BERHENTI*."
    ),
    "utter_nudge_suggestion": N_(
        "Kalau disisihkan {percent} dari penjualan ({share}), dalam {months} bulan terkumpul sekitar {projection}."
    ),
    "utter_nudges_off": N_(
        "⏸ Pesan mingguan untuk kelompok {groups} dimatikan. Nyalakan lagi: *nyalakan pesan mingguan {groups}*."
    ),
    "utter_nudges_on": N_("✅ Pesan mingguan untuk kelompok {groups} dinyalakan (Minggu pukul 18.00)."),
    "utter_nudges_progress": N_(
        "📒 *Kelompok {group}*, 4 minggu terakhir (pesan mingguan: {nudges})\n"
        "✅ Rutin mencatat: {regular}\n🟡 Kadang-kadang: {sometimes}\n⏸ Berhenti mencatat (terakhir): {stopped}\n"
        "⚪ Belum pernah mencatat: {never}\n📈 Penjualan naik 4 minggu berturut-turut: {rising}\n"
        "🚫 Tidak menerima pesan kita: {silent}\n\n"
        "Yang penjualannya naik bisa diajak bicara soal graduasi mandiri atau PENA."
    ),
    # Savings (bot/ledger/savings_chat.py): goals, entries, how far she is.
    "utter_savings_goal_set": N_(
        "🎯 Target tabungan dicatat.{goal}\nSetiap menyisihkan, tulis misalnya *nabung 20rb*; "
        "tanya *tabungan saya berapa* kapan saja."
    ),
    "utter_savings_recorded": N_("🐷 Tabungan dicatat: {amount}. Total tabungan {you}: *{balance}*.{goal}"),
    "utter_savings_withdrawn": N_("Dicatat: tabungan dipakai {amount}. Sisa tabungan {you}: *{balance}*.{goal}"),
    "utter_savings_balance": N_("🐷 Total tabungan {you}: *{balance}*.{goal}"),
    "utter_savings_no_goal": N_(
        "🐷 Total tabungan {you}: *{balance}*. Belum ada target; tulis misalnya "
        "*mau nabung buat seragam anak 300rb sampai Juli*."
    ),
    "utter_savings_how": N_(
        "Tulis jumlahnya, misalnya *nabung 20rb*, atau targetnya: *mau nabung buat seragam anak 300rb sampai Juli*."
    ),
    # The resource map (bot/resources/chat.py): agencies and programmes near her, from the table.
    "utter_resources_list": N_("📍 Tempat {what} yang kami catat{where}, {you}:\n\n{lines}{more}\n\n{advice}"),
    "utter_resources_none": N_(
        "Maaf, {you}, saya belum punya catatan tempat {what}{where}. 🙏 Tanyakan ke pendamping PKH: "
        "pendamping biasanya tahu pelatihan, modal usaha, dan program lain yang sedang dibuka."
    ),
    "utter_resources_none_pendamping": N_(
        "Maaf, {you}, belum ada catatan tempat {what}{where} di daftar sumber bantuan. 🙏 "
        "Daftar ini diisi oleh admin (dashboard atau impor CSV); minta admin menambahkan lembaga yang {you} kenal."
    ),
    # The dashboard's sign-in link (bot/signin/links.py): the link goes as its own message, through the gate.
    "utter_dashboard_link": N_(
        "🔐 Link masuk dasbor pendamping:\n{url}\n\nBerlaku {minutes} menit dan hanya bisa dipakai sekali. "
        "Jangan dibagikan ke siapa pun."
    ),
    "utter_dashboard_link_sent": N_(
        "Link masuk dasbor sudah dikirim, berlaku {minutes} menit. Buka link itu lalu tekan *Masuk*. 🔐"
    ),
    "utter_dashboard_link_not_sent": N_(
        "Maaf, {you}, link dasbor belum bisa dikirim sekarang. 🙏 Coba tulis *link dasbor* sekali lagi."
    ),
    "utter_dashboard_only_staff": N_(
        "Maaf, {you}, dasbor hanya untuk pendamping dan koordinator PKH yang terdaftar. 🙏 "
        "Tulis *menu* untuk melihat yang bisa saya bantu."
    ),
    "utter_language_set": N_("Baik, {you}, mulai sekarang saya membalas dalam {language}. Tulis *menu* untuk mulai."),
}
MENU_INTRO = N_("Balas dengan angka pilihan Ibu:")
REGISTER_HINT = N_(
    "ℹ️ Nomor ini belum terdaftar. Minta pendamping PKH Ibu mendaftarkannya agar Ibu bisa memakai semua layanan."
)
SALAM = N_("Wa'alaikumsalam. ")
YOU_KPM = N_("Ibu")
YOU_KPM_NAMED = N_("Ibu {name}")
HELLO = N_("Halo, {you}!")


class UnknownResponse(KeyError):
    pass


def _menu(audience: Identity) -> str:
    lines = [gettext(MENU_INTRO, audience.language)]
    lines += [f"{i}. {gettext(label, audience.language)}" for i, (_, label) in enumerate(MENU, 1)]
    text = "\n".join(lines)
    if audience.role == "unknown":
        text += "\n\n" + gettext(REGISTER_HINT, audience.language)
    return text


def _you(audience: Identity) -> str:
    ibu = gettext(YOU_KPM, audience.language)
    if audience.role == "kpm" and audience.name:
        return gettext(YOU_KPM_NAMED, audience.language).format(name=audience.name)
    if audience.role in ("pendamping", "koordinator") and audience.name:
        return audience.name
    return ibu


def render(response: str, audience: Identity, /, **values: Any) -> str:
    """The text of `response` for this person, in her language."""
    if response == "utter_how_to_register" and audience.role != "unknown":
        response = "utter_registered_already"
        values.setdefault("name", audience.name)
        values.setdefault("kelompok", ", ".join(audience.kelompok) or "-")
    if response not in TEXTS:
        raise UnknownResponse(response)
    lang = audience.language
    you = _you(audience)
    fields: dict[str, Any] = {
        "you": you,
        "menu": _menu(audience),
        "hello": gettext(HELLO, lang).format(you=you),
        "salam": gettext(SALAM, lang) if values.pop("salam", False) else "",
        "last": len(MENU),
    }
    fields.update(values)
    return gettext(TEXTS[response], lang).format(**fields)


# Pieces that ledger replies are built from, translated like every other text.
KIND_LABEL = {"sale": N_("Penjualan"), "expense": N_("Belanja")}
PERIOD_LABEL = {
    "today": N_("hari ini"),
    "yesterday": N_("kemarin"),
    "this_week": N_("minggu ini"),
    "last_week": N_("minggu lalu"),
    "this_month": N_("bulan ini"),
    "last_month": N_("bulan lalu"),
    "last_7": N_("7 hari terakhir"),
    "last_30": N_("30 hari terakhir"),
}
DAY_TODAY = N_("hari ini, {date}")
DAY_YESTERDAY = N_("kemarin, {date}")
DAY_OTHER = N_("{date}")
COMPARE_UP = N_("Dibanding {previous}, penjualan *naik* {diff} ({pct}%). Mantap! 👍")
COMPARE_DOWN = N_("Dibanding {previous}, penjualan *turun* {diff} ({pct}%). Semangat terus! 💪")
COMPARE_SAME = N_("Penjualan sama dengan {previous}.")
COMPARE_NEW = N_("{previous} belum ada catatan penjualan, jadi belum bisa dibandingkan.")
PREVIOUS_LABEL = {
    "today": N_("kemarin"),
    "yesterday": N_("hari sebelumnya"),
    "this_week": N_("minggu lalu"),
    "last_week": N_("minggu sebelumnya"),
    "this_month": N_("bulan lalu"),
    "last_month": N_("bulan sebelumnya"),
    "last_7": N_("7 hari sebelumnya"),
    "last_30": N_("30 hari sebelumnya"),
}

LANGUAGE_NAME = {"id": N_("Bahasa Indonesia"), "su": N_("Bahasa Sunda"), "en": N_("Bahasa Inggris")}

PENA_MET = N_("✅ {criterion}")
PENA_NOT_MET = N_("❌ {criterion}")
PENA_CRITERIA = {
    "age": N_("Umur 20-40 tahun (umur Ibu: {age})"),
    "business": N_("Sudah punya usaha (lebih diutamakan, tidak selalu wajib)"),
    "willing": N_("Bersedia graduasi mandiri dari PKH"),
    "no_vulnerable": N_("Tidak ada lansia atau anggota disabilitas berat di keluarga (prioritas)"),
}
PENA_LOOKS_ELIGIBLE = N_(
    "Ibu tampaknya memenuhi syarat utama. 👍 Saya sudah memberi tahu pendamping Ibu bahwa Ibu tertarik; "
    "beliau yang akan menjelaskan langkah berikutnya."
)
PENA_LOOKS_ELIGIBLE_UNREGISTERED = N_(
    "Ibu tampaknya memenuhi syarat utama. 👍 Sampaikan minat Ibu ke pendamping PKH, karena pendamping yang mengusulkan."
)
PENA_NOT_NOW = N_(
    "Untuk saat ini sebagian syarat belum terpenuhi. Ibu tetap bisa menanyakan program lain ke pendamping, "
    "misalnya pelatihan dari Dinas Koperasi dan UMKM."
)
MORE_HINT = N_("Mau tahu lebih? Balas *lagi*.")

# Why a member could not be reached (bot/messaging/reach.py reasons, outbox error codes).
MEETING_REASON = {
    "header": N_("Tidak bisa dihubungi:"),
    "opted_out": N_("sudah berhenti menerima pesan"),
    "no_template": N_("lebih dari 24 jam tidak menulis, dan template WhatsApp belum diatur"),
    "daily_limit": N_("batas harian WhatsApp tercapai"),
    "limit_warning": N_("⚠️ Hampir mencapai batas harian WhatsApp; sisanya dikirim besok."),
}

# Pieces of the savings replies and the weekly nudge's goal line.
SAVINGS = {
    "default_purpose": N_("Tabungan"),
    "goal_line": N_("\n🎯 {purpose}: sudah {saved} dari {target}, kurang *{remaining}*{days}."),
    "goal_days": N_(" ({days} hari lagi, sekitar {per_day} per hari)"),
    "goal_done": N_("\n🎉 Target {purpose} {target} sudah tercapai!"),
    "habit_line": N_("\n🎯 Menabung {habit}: sejak target dibuat terkumpul {saved}."),
    "per_day": N_("{amount} sehari"),
    "per_week": N_("{amount} seminggu"),
}

# Pieces of the resource map's answer (bot/resources/chat.py). What a resource offers is shown as
# staff wrote it; only these labels are translated.
RESOURCES = {
    "anything": N_("bantuan usaha"),
    "where": N_(" untuk daerah {place}"),
    "for": N_("👩 Untuk: {eligibility}"),
    "contact": N_("☎️ Kontak: {contact}"),
    "address": N_("🏠 Alamat: {address}"),
    "more": N_(
        "\n\n…dan {count} tempat lain. Tulis lebih khusus, misalnya *pelatihan di dekat sini* "
        "atau *modal usaha di mana*."
    ),
    "advice_kpm": N_(
        "Sebelum datang, tanyakan dulu ke pendamping apakah programnya masih dibuka dan apa syaratnya. 🙏"
    ),
    "advice_pendamping": N_("Sebelum mengarahkan KPM, pastikan programnya masih dibuka dan syaratnya belum berubah."),
}
