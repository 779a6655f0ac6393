"""The interactive editor in a real browser: JupyterLab on the loopback address, nbs/editor.ipynb opened in headless
Chromium (Debian's `chromium` and `chromium-driver`, driven by Selenium), every cell run, an example picked, Invert
pressed, a slider moved, and the edited image checked to have changed. The screenshot goes to the test's temporary folder,
or to figures/editor_browser.png with FZPLUS_UPDATE_FIGURES=1 (so that a test run leaves the checkout as it was).

Runs when Chromium, ChromeDriver and Selenium are installed (`tools/install_browser.sh`; `.ci/run` runs it); skipped,
with the reason, otherwise."""
import os, shutil, socket, subprocess, sys, time
from pathlib import Path
import pytest
from conftest import ROOT

CHROMIUM, DRIVER = shutil.which('chromium'), shutil.which('chromedriver')
try:
    import selenium  # noqa: F401
    HAVE_SELENIUM = True
except ImportError:
    HAVE_SELENIUM = False
pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER and HAVE_SELENIUM),
                                reason='needs Debian chromium + chromium-driver and selenium (tools/install_browser.sh)')


def _free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]


@pytest.fixture(scope='module')
def lab(tmp_path_factory):
    port, token = _free_port(), 'fzplus-test'
    work = tmp_path_factory.mktemp('lab')  # a copy: JupyterLab saves what it opens, and the source notebook must stay clean
    shutil.copy(ROOT / 'nbs' / 'editor.ipynb', work / 'editor.ipynb')
    env = {**os.environ, 'JUPYTER_CONFIG_DIR': str(tmp_path_factory.mktemp('jcfg')), 'JUPYTER_RUNTIME_DIR': str(tmp_path_factory.mktemp('jrt'))}
    p = subprocess.Popen([sys.executable, '-m', 'jupyterlab', '--no-browser', f'--port={port}', '--ServerApp.ip=127.0.0.1',
                          f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={work}', '--ServerApp.open_browser=False', '--allow-root'],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=work)
    for _ in range(120):
        try:
            socket.create_connection(('127.0.0.1', port), timeout=1).close(); break
        except OSError: time.sleep(0.5)
    yield f'http://127.0.0.1:{port}', token
    p.terminate(); p.wait(30)


def _driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
              '--disable-component-update', '--disable-sync', '--no-first-run', '--window-size=1400,1900'):
        o.add_argument(a)
    return webdriver.Chrome(service=Service(DRIVER), options=o)


def test_editor_in_a_real_browser(lab, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
    url, token = lab
    d = _driver()
    try:
        d.get(f'{url}/lab/tree/editor.ipynb?token={token}')
        wait = WebDriverWait(d, 600)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '.jp-NotebookPanel .jp-Cell'))
        wait.until(lambda d: 'Idle' in d.find_element(By.ID, 'jp-main-statusbar').text)  # the kernel has started
        time.sleep(2)
        # Run > Run All Cells, through the menu a user would use
        d.find_element(By.XPATH, "//div[contains(@class,'lm-MenuBar-itemLabel') and text()='Run']").click()
        wait.until(lambda d: d.find_elements(By.XPATH, "//div[contains(@class,'lm-Menu-itemLabel') and text()='Run All Cells']"))
        d.find_element(By.XPATH, "//div[contains(@class,'lm-Menu-itemLabel') and text()='Run All Cells']").click()
        # the last cell shows the editor: its example dropdown is the only one whose first option is '(choose an example)'
        def editor_select(d):
            for s in d.find_elements(By.CSS_SELECTOR, '.jp-OutputArea-output select'):
                if '(choose an example)' in s.text: return s
            return False
        sel = wait.until(editor_select)
        root = sel.find_element(By.XPATH, "./ancestor::div[contains(@class,'jp-OutputArea-output')]")
        Select(sel).select_by_visible_text('toyface_03')
        status = lambda: root.find_elements(By.CSS_SELECTOR, '.widget-html-content')[-2].text if len(root.find_elements(By.CSS_SELECTOR, '.widget-html-content')) > 1 else ''
        wait.until(lambda d: 'loaded' in root.text)
        steps = [e for e in root.find_elements(By.CSS_SELECTOR, '.widget-text input') if e.get_attribute('type') == 'number'][0]
        steps.send_keys(Keys.CONTROL, 'a'); steps.send_keys('60'); steps.send_keys(Keys.ENTER)
        root.find_element(By.XPATH, ".//button[contains(., 'Invert')]").click()
        wait.until(lambda d: 'inverted into F/Z+' in root.text)
        imgs = root.find_elements(By.CSS_SELECTOR, 'img')
        before = [i.get_attribute('src') for i in imgs]
        handle = root.find_elements(By.CSS_SELECTOR, '.noUi-handle')[0]
        d.execute_script('arguments[0].scrollIntoView({block: "center"})', handle)
        handle.click()
        for _ in range(15): handle.send_keys(Keys.ARROW_RIGHT)
        wait.until(lambda d: [i.get_attribute('src') for i in root.find_elements(By.CSS_SELECTOR, 'img')] != before)
        d.execute_script('arguments[0].scrollIntoView({block: "start"})', root)
        time.sleep(1)
        out = (ROOT / 'figures' if os.environ.get('FZPLUS_UPDATE_FIGURES') == '1' else tmp_path) / 'editor_browser.png'
        root.screenshot(str(out))
        assert out.stat().st_size > 10_000
    finally:
        d.quit()
